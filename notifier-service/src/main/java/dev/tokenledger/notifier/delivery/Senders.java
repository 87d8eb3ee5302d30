package dev.tokenledger.notifier.delivery;

import dev.tokenledger.common.text.OneLine;
import dev.tokenledger.notifier.channel.Channel;
import dev.tokenledger.notifier.channel.TargetPolicy;
import dev.tokenledger.notifier.config.NotifierConfig;
import dev.tokenledger.notifier.render.Notification;
import dev.tokenledger.notifier.render.Payloads;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Sends one delivery over its channel's wire format; never fails, every problem becomes an {@link Outcome}. */
@ApplicationScoped
public class Senders {

    @Inject
    NotifierConfig config;

    @Inject
    TargetPolicy policy;

    @Inject
    ReactiveMailer mailer;

    @Inject
    DeliveryStore store;

    // redirects are never followed: a 3xx to an internal address would get around the target policy
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build();

    public Uni<Outcome> send(Channel channel, Delivery d) {
        // deferred: a failure while building the message (before anything is sent) is an attempt
        // like any other, retried and dead-lettered, never one that leaves the delivery pending
        Uni<Outcome> sent = Uni.createFrom().deferred(() -> switch (channel.type()) {
            case WEBHOOK -> checked(channel, () -> webhook(channel, d));
            case SLACK -> checked(channel, () -> post(channel.url(), Payloads.slack(d.notification())));
            case ALERTMANAGER -> checked(channel, () -> alertmanager(channel, d));
            case EMAIL -> email(channel, d.notification());
        });
        // a hung SMTP or HTTP exchange must not outlive the dispatcher's lease on the channel
        return sent.ifNoItem().after(config.delivery().requestTimeout().plusSeconds(5)).failWith(
                        () -> new TimeoutException("no answer within " + config.delivery().requestTimeout()))
                .onFailure().recoverWithItem(e -> Outcome.failed(null, describe(e)));
    }

    private Uni<Outcome> webhook(Channel channel, Delivery d) {
        String body = Payloads.webhook(d.notification(), d.id());
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder b = request(channel.url(), body)
                .header(Payloads.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(Payloads.SIGNATURE_HEADER, Payloads.signature(channel.secret(), timestamp, body))
                .header(Payloads.DELIVERY_HEADER, Long.toString(d.id()));
        return exchange(b);
    }

    /** A firing alert is posted as it is; a resolving event ends every alert of its group this channel has shown. */
    private Uni<Outcome> alertmanager(Channel channel, Delivery d) {
        String url = channel.url().replaceAll("/+$", "") + "/api/v2/alerts";
        if (d.firing()) {
            return post(url, Payloads.alertmanager(List.of(d.notification()), false, Instant.now()));
        }
        if (d.group() == null) {
            return Uni.createFrom().item(Outcome.delivered(null));
        }
        return store.firedSinceLastResolve(channel.id(), d.group(), d.id()).chain(fired -> fired.isEmpty()
                ? Uni.createFrom().item(Outcome.delivered(null)) // nothing of this group is firing there
                : post(url, Payloads.alertmanager(fired, true, Instant.now())));
    }

    private Uni<Outcome> email(Channel channel, Notification n) {
        Payloads.Email e = Payloads.email(n);
        // a name stored before names were checked must not break the subject header
        Mail mail = new Mail().setTo(channel.recipients()).setSubject(OneLine.flattened(e.subject())).setText(e.text()).setHtml(e.html());
        return mailer.send(mail).replaceWith(Outcome.delivered(null));
    }

    private Uni<Outcome> post(String url, String body) {
        return exchange(request(url, body));
    }

    private HttpRequest.Builder request(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(config.delivery().requestTimeout())
                .header("Content-Type", "application/json").header("User-Agent", "tokenledger-notifier")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private Uni<Outcome> exchange(HttpRequest.Builder b) {
        return Uni.createFrom().completionStage(() -> http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()))
                .map(r -> Outcome.ofHttp(r.statusCode(), r.body()));
    }

    /** The target is checked again before every attempt (DNS may point elsewhere now); the lookup blocks, so off the event loop. */
    private Uni<Outcome> checked(Channel channel, java.util.function.Supplier<Uni<Outcome>> send) {
        return Uni.createFrom().item(() -> policy.refusal(channel.url()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(refused -> refused != null ? Uni.createFrom().item(Outcome.refused(null, "target refused: url " + refused)) : send.get());
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return Outcome.abbreviate(root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
    }
}

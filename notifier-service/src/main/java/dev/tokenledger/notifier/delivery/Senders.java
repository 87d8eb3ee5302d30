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

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.URI;
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

    @Inject
    Vertx vertx;

    private HttpClient http;

    /** Verifies the server's certificate for the URL's host (sent as SNI) though it connects to an address. */
    @jakarta.annotation.PostConstruct
    void createClient() {
        http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setForceSni(true).setVerifyHost(true).setKeepAlive(false));
    }

    public Uni<Outcome> send(Channel channel, Delivery d) {
        // deferred: a failure while building the message (before anything is sent) is an attempt
        // like any other, retried and dead-lettered, never one that leaves the delivery pending
        Uni<Outcome> sent = Uni.createFrom().deferred(() -> switch (channel.type()) {
            case WEBHOOK -> checked(channel, at -> webhook(at, channel, d));
            case SLACK -> checked(channel, at -> post(at, channel.url(), Payloads.slack(d.notification()), MultiMap.caseInsensitiveMultiMap()));
            case ALERTMANAGER -> checked(channel, at -> alertmanager(at, channel, d));
            case EMAIL -> email(channel, d.notification());
        });
        // a hung SMTP or HTTP exchange must not outlive the dispatcher's lease on the channel
        return sent.ifNoItem().after(config.delivery().requestTimeout().plusSeconds(5)).failWith(
                        () -> new TimeoutException("no answer within " + config.delivery().requestTimeout()))
                .onFailure().recoverWithItem(e -> Outcome.failed(null, describe(e)));
    }

    private Uni<Outcome> webhook(java.net.InetAddress at, Channel channel, Delivery d) {
        String body = Payloads.webhook(d.notification(), d.id());
        long timestamp = Instant.now().getEpochSecond();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add(Payloads.TIMESTAMP_HEADER, Long.toString(timestamp))
                .add(Payloads.SIGNATURE_HEADER, Payloads.signature(channel.secret(), timestamp, body))
                .add(Payloads.DELIVERY_HEADER, Long.toString(d.id()));
        return post(at, channel.url(), body, headers);
    }

    /** A firing alert is posted as it is; a resolving event ends every alert of its group this channel has shown. */
    private Uni<Outcome> alertmanager(java.net.InetAddress at, Channel channel, Delivery d) {
        String url = channel.url().replaceAll("/+$", "") + "/api/v2/alerts";
        MultiMap none = MultiMap.caseInsensitiveMultiMap();
        if (d.firing()) {
            return post(at, url, Payloads.alertmanager(List.of(d.notification()), false, Instant.now()), none);
        }
        if (d.group() == null) {
            return Uni.createFrom().item(Outcome.delivered(null));
        }
        return store.firedSinceLastResolve(channel.id(), d.group(), d.id()).chain(fired -> fired.isEmpty()
                ? Uni.createFrom().item(Outcome.delivered(null)) // nothing of this group is firing there
                : post(at, url, Payloads.alertmanager(fired, true, Instant.now()), none));
    }

    private Uni<Outcome> email(Channel channel, Notification n) {
        Payloads.Email e = Payloads.email(n);
        // a name stored before names were checked must not break the subject header
        Mail mail = new Mail().setTo(channel.recipients()).setSubject(OneLine.flattened(e.subject())).setText(e.text()).setHtml(e.html());
        return mailer.send(mail).replaceWith(Outcome.delivered(null));
    }

    /**
     * POSTs to {@code url} over a connection to {@code at}, the address the target policy checked:
     * the host of the URL is only the Host header, the TLS server name and the name the certificate
     * must carry. Redirects are never followed (a 3xx to an internal address would get around the policy).
     */
    private Uni<Outcome> post(java.net.InetAddress at, String url, String body, MultiMap headers) {
        URI uri = URI.create(url);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setServer(SocketAddress.inetSocketAddress(port, at.getHostAddress()))
                .setFollowRedirects(false).setIdleTimeout(config.delivery().requestTimeout().toMillis())
                .putHeader("Content-Type", "application/json").putHeader("User-Agent", "tokenledger-notifier");
        options.getHeaders().addAll(headers);
        return Uni.createFrom().completionStage(() -> http.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(b -> Outcome.ofHttp(response.statusCode(), b.toString())))
                .toCompletionStage());
    }

    /**
     * The target is checked again before every attempt (DNS may point elsewhere now) and the attempt
     * goes to the address checked; the lookup blocks, so off the event loop.
     */
    private Uni<Outcome> checked(Channel channel, java.util.function.Function<java.net.InetAddress, Uni<Outcome>> send) {
        return Uni.createFrom().item(() -> policy.check(channel.url()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(target -> target.refusal() != null
                        ? Uni.createFrom().item(Outcome.refused(null, "target refused: url " + target.refusal()))
                        : send.apply(target.address()));
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

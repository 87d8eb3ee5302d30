package dev.tokenledger.common.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Creates the Kafka topics this service reads and writes (every configured channel topic and
 * dead-letter topic) before the channels are used. Producing into a topic that the broker creates
 * on first use races with partition leadership, and an idempotent producer then fails with
 * OUT_OF_ORDER_SEQUENCE_NUMBER — so topics exist first. Disable with
 * {@code tokenledger.kafka.create-topics=false} where topics are provisioned by operations.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);
    private static final Pattern TOPIC_PROPERTY =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.(topic|dead-letter-queue\\.topic)");

    void onStart(@Observes @Priority(1) StartupEvent ignored) {
        Config config = ConfigProvider.getConfig();
        if (!config.getOptionalValue("tokenledger.kafka.create-topics", Boolean.class).orElse(true)) {
            return;
        }
        Set<String> topics = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (TOPIC_PROPERTY.matcher(name).matches()) {
                config.getOptionalValue(name, String.class).ifPresent(topics::add);
            }
        }
        if (topics.isEmpty()) {
            return;
        }
        int partitions = config.getOptionalValue("tokenledger.kafka.partitions", Integer.class).orElse(3);
        short replication = config.getOptionalValue("tokenledger.kafka.replication-factor", Short.class).orElse((short) 1);
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            for (String topic : topics) {
                if (existing.contains(topic)) {
                    continue;
                }
                try {
                    admin.createTopics(Set.of(new NewTopic(topic, partitions, replication))).all().get(15, TimeUnit.SECONDS);
                    LOG.infof("created Kafka topic %s (%d partitions)", topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            // the service still starts; its health checks show the broker problem
            LOG.warnf("could not create Kafka topics %s: %s", topics, e.toString());
        }
    }
}

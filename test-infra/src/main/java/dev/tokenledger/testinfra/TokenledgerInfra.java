package dev.tokenledger.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Quarkus test resource that points a service under test at the shared real infrastructure
 * ({@link InfraEnv}) and isolates the test class: a database of its own (so its Flyway schema
 * starts empty) and a topic-name suffix of its own (every Kafka topic the service uses is
 * {@code <topic><suffix>}). Use it with {@code @WithTestResource(TokenledgerInfra.class)} and get the
 * class's view with a {@link TestInfra} field annotated {@link InjectTestInfra}.
 */
public class TokenledgerInfra implements QuarkusTestResourceLifecycleManager {

    private TestInfra infra;

    @Override
    public Map<String, String> start() {
        InfraEnv env = InfraEnv.get();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        String database = "test_" + id;
        execute(env, "CREATE DATABASE " + database);
        infra = new TestInfra(env, database, ".t" + id);
        return Map.of(
                "quarkus.datasource.reactive.url", env.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", env.jdbcUrl(database),
                "quarkus.datasource.username", env.dbUser(),
                "quarkus.datasource.password", env.dbPassword(),
                "kafka.bootstrap.servers", env.kafkaBootstrap(),
                "quarkus.oidc.auth-server-url", env.oidcUrl(),
                "tokenledger.topic-suffix", infra.topicSuffix());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(infra, new TestInjector.AnnotatedAndMatchesType(InjectTestInfra.class, TestInfra.class));
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.close();
            execute(InfraEnv.get(), "DROP DATABASE IF EXISTS " + infra.database() + " WITH (FORCE)");
        }
    }

    static void execute(InfraEnv env, String sql) {
        try (Connection c = DriverManager.getConnection(env.jdbcUrl("postgres"), env.dbUser(), env.dbPassword());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + sql, e);
        }
    }
}

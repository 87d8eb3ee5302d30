package dev.tokenledger.testinfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One test class's view of the shared infrastructure: its database, its topics, tokens and a Kafka client. */
public final class TestInfra implements AutoCloseable {

    private final InfraEnv env;
    private final String database;
    private final String topicSuffix;
    private final Tokens tokens;
    private TestKafka kafka;

    TestInfra(InfraEnv env, String database, String topicSuffix) {
        this.env = env;
        this.database = database;
        this.topicSuffix = topicSuffix;
        this.tokens = new Tokens(env.oidcUrl());
    }

    public String database() {
        return database;
    }

    public String topicSuffix() {
        return topicSuffix;
    }

    /** The name this test class's service uses for a product topic, e.g. {@code usage.raw.t1a2b3c4d5}. */
    public String topic(String name) {
        return name + topicSuffix;
    }

    public Tokens tokens() {
        return tokens;
    }

    public synchronized TestKafka kafka() {
        if (kafka == null) {
            kafka = new TestKafka(env.kafkaBootstrap());
        }
        return kafka;
    }

    /** A plain JDBC connection to this class's database, for asserting what a service stored. */
    public Connection jdbc() throws SQLException {
        return DriverManager.getConnection(env.jdbcUrl(database), env.dbUser(), env.dbPassword());
    }

    /**
     * Stops the shared Kafka broker (fault injection). Other test classes share it: always
     * {@link #startKafka()} again in a finally block.
     */
    public void stopKafka() {
        env.control("infra", "kafka-stop");
    }

    /** Starts the shared Kafka broker again on the same port with the same data. */
    public void startKafka() {
        env.control("infra", "kafka-start");
    }

    public String keycloakUrl() {
        return env.keycloakUrl();
    }

    @Override
    public synchronized void close() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}

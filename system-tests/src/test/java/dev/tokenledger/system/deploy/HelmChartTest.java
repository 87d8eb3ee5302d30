package dev.tokenledger.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart, offline: it lints and renders with each of its values files, refuses values of
 * the wrong shape, renders only objects valid for Kubernetes 1.27 (and KEDA's CRD), and holds the
 * rules a reviewer would check by hand (non-root, read-only, probes, no secret as a value, the
 * network flows of the architecture).
 */
class HelmChartTest {

    private static List<String> files(String valuesFile) {
        return valuesFile.isEmpty() ? List.of() : List.of(valuesFile);
    }

    @ParameterizedTest(name = "values ''{0}''")
    @ValueSource(strings = {"", "values-dev.yaml", "values-prod.yaml"})
    void theChartLintsRendersAndEveryObjectIsValidKubernetes(String valuesFile) {
        List<String> lint = new ArrayList<>(List.of("lint", Helm.CHART.toString()));
        files(valuesFile).forEach(f -> lint.addAll(List.of("-f", Helm.CHART.resolve(f).toString())));
        Helm.Run linted = Helm.helm(lint.toArray(String[]::new));
        assertEquals(0, linted.exit(), linted.all());
        assertTrue(linted.output().contains("0 chart(s) failed"), linted.all());

        String rendered = Helm.template(files(valuesFile));
        Helm.assertValid(rendered);
    }

    @Test
    void withInClusterOnTheServicesUseThePostgresKafkaAndKeycloakTheOperatorsMake() throws Exception {
        String rendered = Helm.template(List.of(), "inCluster.enabled=true");
        Helm.assertValid(rendered);
        List<JsonNode> objects = Helm.objects(rendered);
        JsonNode settings = Helm.named(objects, "ConfigMap", "tl-tokenledger-settings").path("data");
        assertEquals("postgresql://tl-tokenledger-db-rw:5432/tokenledger?sslmode=disable", settings.path("QUARKUS_DATASOURCE_REACTIVE_URL").asText());
        assertEquals("tl-tokenledger-kafka-kafka-bootstrap:9092", settings.path("KAFKA_BOOTSTRAP_SERVERS").asText());
        assertEquals("http://tl-tokenledger-keycloak-service:8080/realms/tokenledger", settings.path("QUARKUS_OIDC_AUTH_SERVER_URL").asText());
        JsonNode env = Helm.named(objects, "Deployment", "tl-tokenledger-ingest").path("spec").path("template").path("spec").path("containers").get(0).path("env");
        assertEquals("tl-tokenledger-db-app", env.get(0).path("valueFrom").path("secretKeyRef").path("name").asText(), "CloudNativePG's app Secret");
        // the console signs in at the Keycloak the operator makes, in this namespace
        assertTrue(Helm.named(objects, "NetworkPolicy", "tl-tokenledger-console").path("spec").path("egress").toString()
                .contains("{\"protocol\":\"TCP\",\"port\":8080}"), "the console reaches the in-cluster Keycloak");
        // the operators' resources refer to each other by the names the services use
        assertEquals("tl-tokenledger-kafka", Helm.named(objects, "KafkaNodePool", "tl-tokenledger-kafka-pool").path("metadata").path("labels")
                .path("strimzi.io/cluster").asText());
        Helm.named(objects, "Kafka", "tl-tokenledger-kafka");
        JsonNode keycloak = Helm.named(objects, "Keycloak", "tl-tokenledger-keycloak").path("spec");
        assertEquals("tl-tokenledger-db-rw", keycloak.path("db").path("host").asText());
        assertTrue(Helm.named(objects, "Cluster", "tl-tokenledger-db").path("spec").path("bootstrap").path("initdb").path("postInitSQL").toString()
                .contains("CREATE DATABASE keycloak"));
        JsonNode realm = Helm.named(objects, "KeycloakRealmImport", "tl-tokenledger-realm").path("spec");
        assertEquals("tl-tokenledger-keycloak", realm.path("keycloakCRName").asText());
        assertEquals("tokenledger", realm.path("realm").path("realm").asText());
        // the realm imported is the one the local stack and the tests run with
        assertEquals(java.nio.file.Files.readString(dev.tokenledger.testinfra.InfraEnv.repoRoot().resolve("infra/keycloak/tokenledger-realm.json")),
                java.nio.file.Files.readString(Helm.CHART.resolve("files/keycloak/tokenledger-realm.json")));
    }

    @Test
    void theValidatorRefusesAnObjectKubernetesWouldRefuse() {
        Helm.Run r = Helm.validate("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: broken}
                spec: {replicas: "two", selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: []}}}
                """);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.output().contains("INVALID apps/v1 Deployment/broken") && r.output().contains("replicas"), r.output());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "services.ingest.replicas=two | /services/ingest/replicas",
            "external.postgres.sslMode=sometimes | /external/postgres/sslMode",
            "image.pullPolicy=Sometimes | /image/pullPolicy",
            "services.budget.guaranteedQoS.cpus=1.5 | /services/budget/guaranteedQoS/cpus",
            "servics.ingest.replicas=2 | servics",
            "external.oidc.authServerUrl=keycloak | /external/oidc/authServerUrl",
            "console.existingSecret= | /console/existingSecret",
            "services.console.imageName=Admin_UI | /services/console/imageName"})
    void valuesOfTheWrongShapeAreRefusedByTheSchemaAndNothingRenders(String set, String named) {
        Helm.Run r = Helm.helm("template", "tl", Helm.CHART.toString(), "--set", set);
        assertTrue(r.exit() != 0, "accepted: " + set);
        assertTrue(r.all().contains(named), r.all());
        assertEquals("", r.output().trim(), "nothing is rendered");
    }

    @ParameterizedTest(name = "values ''{0}''")
    @ValueSource(strings = {"", "values-dev.yaml", "values-prod.yaml"})
    void everyServiceRunsNonRootReadOnlyProbedAndWithoutASecretAsAValue(String valuesFile) {
        List<JsonNode> objects = Helm.objects(Helm.template(files(valuesFile)));
        List<JsonNode> deployments = Helm.ofKind(objects, "Deployment");
        assertEquals(6, deployments.size(), "the five services and the console");
        for (JsonNode d : deployments) {
            String name = d.path("metadata").path("name").asText();
            JsonNode pod = d.path("spec").path("template").path("spec");
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), name);
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), name);
            JsonNode c = pod.path("containers").get(0);
            JsonNode sc = c.path("securityContext");
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name);
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name);
            assertEquals("ALL", sc.path("capabilities").path("drop").get(0).asText(), name);
            assertEquals("/q/health/started", c.path("startupProbe").path("httpGet").path("path").asText(), name);
            assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText(), name);
            assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText(), name);
            assertEquals("management", c.path("livenessProbe").path("httpGet").path("port").asText(), name);
            assertTrue(c.path("resources").path("limits").has("memory"), name);
            for (JsonNode env : c.path("env")) {
                String key = env.path("name").asText();
                if (key.contains("PASSWORD") || key.contains("SECRET") || key.endsWith("ENCRYPTION_KEY") || key.endsWith("USERNAME")) {
                    assertTrue(env.path("valueFrom").has("secretKeyRef"), name + " " + key + " must come from a Secret");
                    assertFalse(env.has("value"), name + " " + key);
                }
            }
        }
        for (JsonNode cm : Helm.ofKind(objects, "ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(k -> assertFalse(k.contains("PASSWORD") || k.contains("SECRET") || k.endsWith("_KEY"), k));
        }
    }

    @ParameterizedTest(name = "values ''{0}''")
    @ValueSource(strings = {"", "values-dev.yaml", "values-prod.yaml"})
    void theConsoleTakesItsOidcSecretsFromASecretAndCallsTheServicesInTheCluster(String valuesFile) {
        List<JsonNode> objects = Helm.objects(Helm.template(files(valuesFile)));
        JsonNode console = Helm.named(objects, "Deployment", "tl-tokenledger-console").path("spec").path("template").path("spec")
                .path("containers").get(0);
        assertEquals("ghcr.io/tokenledger/admin-ui:0.1.0", console.path("image").asText());
        assertEquals(8080, console.path("ports").get(0).path("containerPort").asInt());
        assertEquals(9080, console.path("ports").get(1).path("containerPort").asInt());
        assertEquals("management", console.path("readinessProbe").path("httpGet").path("port").asText());
        // the realm URL, like every service's, from the settings
        assertEquals("tl-tokenledger-settings", console.path("envFrom").get(0).path("configMapRef").path("name").asText());
        Map<String, JsonNode> env = new TreeMap<>();
        console.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        // the client secret and the cookie encryption secret: references to the Secret the values name, never a literal
        for (String key : List.of("QUARKUS_OIDC_CREDENTIALS_SECRET", "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET",
                "QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET")) {
            JsonNode e = env.get(key);
            assertTrue(e != null, key + " is set");
            assertFalse(e.has("value"), key + " must not be a literal");
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            assertEquals("tokenledger-console", ref.path("name").asText(), key);
            assertEquals(key.equals("QUARKUS_OIDC_CREDENTIALS_SECRET") ? "client-secret" : "encryption-secret", ref.path("key").asText(), key);
        }
        for (String service : List.of("ingest", "pricing", "budget", "report", "notifier")) {
            int port = Helm.named(objects, "Service", "tl-tokenledger-" + service).path("spec").path("ports").get(0).path("port").asInt();
            assertEquals("http://tl-tokenledger-" + service + ":" + port,
                    env.get("TOKENLEDGER_CONSOLE_SERVICES_" + service.toUpperCase(Locale.ROOT)).path("value").asText(), service);
        }
        assertFalse(env.keySet().stream().anyMatch(k -> k.startsWith("QUARKUS_DATASOURCE_")), "the console has no database: " + env.keySet());

        // another Secret is taken by its name (an empty name is refused by the schema)
        JsonNode renamed = Helm.named(Helm.objects(Helm.template(files(valuesFile), "console.existingSecret=console-oidc")),
                "Deployment", "tl-tokenledger-console");
        assertTrue(renamed.toString().contains("{\"name\":\"console-oidc\",\"key\":\"client-secret\"}"), renamed.toString());

        if (!valuesFile.isEmpty()) {
            // the ingress of the dev and prod values: the console at console.<domain>
            JsonNode ingress = Helm.named(objects, "Ingress", "tl-tokenledger").path("spec");
            String domain = valuesFile.equals("values-dev.yaml") ? "tokenledger.localtest.me" : "tokenledger.example.com";
            boolean routed = false;
            for (JsonNode rule : ingress.path("rules")) {
                if (rule.path("host").asText().equals("console." + domain)) {
                    assertEquals("tl-tokenledger-console", rule.path("http").path("paths").get(0).path("backend").path("service").path("name").asText());
                    routed = true;
                }
            }
            assertTrue(routed, ingress.toString());
            // behind TLS at the ingress the sign-in comes back on https and the cookies are Secure
            boolean tls = ingress.has("tls");
            assertEquals(tls, env.containsKey("QUARKUS_OIDC_AUTHENTICATION_FORCE_REDIRECT_HTTPS_SCHEME"), valuesFile);
            assertEquals(tls, env.containsKey("QUARKUS_OIDC_AUTHENTICATION_COOKIE_FORCE_SECURE"), valuesFile);
        }
    }

    @Test
    void inProductionTheBudgetServiceHasWholeCpusOfItsOwnAndPricingAndReportScaleOnKafkaLag() {
        List<JsonNode> prod = Helm.objects(Helm.template(List.of("values-prod.yaml")));
        JsonNode budget = Helm.named(prod, "Deployment", "tl-tokenledger-budget").path("spec").path("template").path("spec").path("containers").get(0);
        assertEquals("2", budget.path("resources").path("requests").path("cpu").asText());
        assertEquals("2", budget.path("resources").path("limits").path("cpu").asText(), "Guaranteed QoS: integer CPUs, requests = limits");
        assertEquals(budget.path("resources").path("requests").path("memory"), budget.path("resources").path("limits").path("memory"));

        assertTrue(Helm.ofKind(prod, "HorizontalPodAutoscaler").isEmpty(), "KEDA's ScaledObjects replace the HPAs");
        Set<String> scaled = new TreeSet<>();
        for (JsonNode so : Helm.ofKind(prod, "ScaledObject")) {
            scaled.add(so.path("metadata").path("name").asText());
            for (JsonNode trigger : so.path("spec").path("triggers")) {
                if (trigger.path("type").asText().equals("kafka")) {
                    assertTrue(Set.of("pricing-service", "report-service").contains(trigger.path("metadata").path("consumerGroup").asText()));
                }
            }
        }
        assertEquals(Set.of("tl-tokenledger-console", "tl-tokenledger-ingest", "tl-tokenledger-pricing", "tl-tokenledger-report"), scaled);
        JsonNode pricingLag = Helm.named(prod, "ScaledObject", "tl-tokenledger-pricing").path("spec").path("triggers").get(1);
        assertEquals("usage.raw", pricingLag.path("metadata").path("topic").asText());
        // the Deployments that are scaled leave their replica count to the scaler
        assertFalse(Helm.named(prod, "Deployment", "tl-tokenledger-pricing").path("spec").has("replicas"));
        assertEquals(3, Helm.named(prod, "Deployment", "tl-tokenledger-budget").path("spec").path("replicas").asInt());
    }

    @Test
    void withMonitoringOnEveryServiceIsScrapedAndEveryAlertOfTheRulesFileIsInstalled() throws Exception {
        List<JsonNode> prod = Helm.objects(Helm.template(List.of("values-prod.yaml")));
        List<JsonNode> monitors = Helm.ofKind(prod, "ServiceMonitor");
        assertEquals(6, monitors.size(), "the five services and the console");
        for (JsonNode m : monitors) {
            JsonNode endpoint = m.path("spec").path("endpoints").get(0);
            assertEquals("management", endpoint.path("port").asText());
            assertEquals("/q/metrics", endpoint.path("path").asText());
            assertEquals("kube-prometheus-stack", m.path("metadata").path("labels").path("release").asText());
        }
        Set<String> installed = new TreeSet<>();
        Helm.named(prod, "PrometheusRule", "tl-tokenledger").path("spec").path("groups")
                .forEach(g -> g.path("rules").forEach(r -> installed.add(r.path("alert").asText())));
        Set<String> inFile = new TreeSet<>();
        java.util.regex.Matcher alert = java.util.regex.Pattern.compile("- alert: (\\S+)")
                .matcher(java.nio.file.Files.readString(Helm.CHART.resolve("files/prometheus/alerts.yml")));
        while (alert.find()) {
            inFile.add(alert.group(1));
        }
        assertEquals(9, inFile.size());
        assertEquals(inFile, installed);
        JsonNode dashboard = Helm.named(prod, "ConfigMap", "tl-tokenledger-dashboard");
        assertEquals("1", dashboard.path("metadata").path("labels").path("grafana_dashboard").asText());
        assertEquals("tokenledger", new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard.path("data").path("tokenledger.json").asText())
                .path("uid").asText());
        // off by default: a cluster without the Prometheus Operator's CRDs installs the chart as it is
        assertTrue(Helm.ofKind(Helm.objects(Helm.template(List.of())), "ServiceMonitor").isEmpty());
    }

    @Test
    void networkPoliciesDenyEverythingButTheArchitecturesFlows() {
        List<JsonNode> objects = Helm.objects(Helm.template(List.of()));
        JsonNode deny = Helm.named(objects, "NetworkPolicy", "tl-tokenledger-default-deny");
        assertEquals(List.of("Ingress", "Egress"), List.of(deny.path("spec").path("policyTypes").get(0).asText(), deny.path("spec").path("policyTypes").get(1).asText()));
        assertFalse(deny.path("spec").has("ingress") || deny.path("spec").has("egress"), "the default policy admits nothing");

        // the console calls each service for its pages, with the signed-in user's token
        assertEquals(Set.of("ingest", "console"), callersOf(objects, "budget"));
        assertEquals(Set.of("budget", "report", "console"), callersOf(objects, "pricing"));
        assertEquals(Set.of("console"), callersOf(objects, "ingest"), "no service calls ingest; clients come through the ingress controller");
        assertEquals(Set.of("console"), callersOf(objects, "report"));
        assertEquals(Set.of("console"), callersOf(objects, "notifier"));
        assertEquals(Set.of(), callersOf(objects, "console"), "people come through the ingress controller");

        // the console reaches the five services, DNS and the OIDC provider; no database, no broker
        JsonNode console = Helm.named(objects, "NetworkPolicy", "tl-tokenledger-console").path("spec");
        Set<String> callees = new TreeSet<>();
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode rule : console.path("egress")) {
            rule.path("to").forEach(to -> {
                JsonNode component = to.path("podSelector").path("matchLabels").path("app.kubernetes.io/component");
                if (!component.isMissingNode()) {
                    callees.add(component.asText());
                }
            });
            rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        }
        assertEquals(Set.of("budget", "ingest", "notifier", "pricing", "report"), callees);
        assertEquals(Set.of(53, 443, 8081, 8082, 8083, 8084, 8085), ports, "DNS, the OIDC provider (networkPolicy.oidcPort) and the services");
        // and the policy that opens PostgreSQL and Kafka to the services leaves the console out
        JsonNode infrastructure = Helm.named(objects, "NetworkPolicy", "tl-tokenledger-infrastructure").path("spec").path("podSelector");
        assertEquals("{\"key\":\"app.kubernetes.io/component\",\"operator\":\"NotIn\",\"values\":[\"console\"]}",
                infrastructure.path("matchExpressions").get(0).toString());
    }

    /** The services whose pods the policy of {@code service} admits to its API port. */
    private static Set<String> callersOf(List<JsonNode> objects, String service) {
        Set<String> callers = new TreeSet<>();
        for (JsonNode rule : Helm.named(objects, "NetworkPolicy", "tl-tokenledger-" + service).path("spec").path("ingress")) {
            for (JsonNode from : rule.path("from")) {
                JsonNode component = from.path("podSelector").path("matchLabels").path("app.kubernetes.io/component");
                if (!component.isMissingNode()) {
                    callers.add(component.asText());
                }
            }
        }
        return callers;
    }
}

package dev.tokenledger.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code k8s/} installs what the chart installs: each Kustomize tree renders the same objects
 * (kinds and names) with the same images, ports, environment (values and Secret references) and
 * replica counts as the chart with the matching values file, and every object it renders is valid
 * Kubernetes.
 */
class ChartAndKustomizeAgreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "k8s/{0} = the chart with ''{1}''")
    @CsvSource({"base, ''", "overlays/dev, values-dev.yaml", "overlays/prod, values-prod.yaml"})
    void theKustomizeTreeRendersWhatTheChartRenders(String tree, String valuesFile) {
        String kustomized = Helm.kustomize(tree);
        Map<String, JsonNode> fromKustomize = shapes(Helm.objects(kustomized));
        Map<String, JsonNode> fromChart = shapes(Helm.objects(Helm.templateAs("tokenledger", valuesFile.isEmpty() ? List.of() : List.of(valuesFile))));
        assertEquals(fromChart.keySet(), fromKustomize.keySet(), "the same objects");
        fromChart.forEach((object, shape) -> assertEquals(shape, fromKustomize.get(object), object));

        Helm.assertValid(kustomized);
    }

    /** Per object ({@code Kind/name}): what must agree between the two renderings (compared as JSON, whatever the key order). */
    private static Map<String, JsonNode> shapes(List<JsonNode> objects) {
        Map<String, JsonNode> shapes = new TreeMap<>();
        for (JsonNode o : objects) {
            String key = o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
            ObjectNode shape = JSON.createObjectNode();
            switch (o.path("kind").asText()) {
                case "Deployment" -> {
                    shape.set("replicas", o.path("spec").path("replicas"));
                    ArrayNode containers = shape.putArray("containers");
                    for (JsonNode c : o.path("spec").path("template").path("spec").path("containers")) {
                        ObjectNode container = containers.addObject();
                        container.set("image", c.path("image"));
                        container.set("ports", c.path("ports"));
                        // each variable with its value or the Secret and key it comes from: the dev overlay
                        // renames Secrets by the variables' positions
                        TreeSet<String> env = new TreeSet<>();
                        c.path("env").forEach(e -> {
                            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                            env.add(e.path("name").asText() + "=" + (ref.isMissingNode() ? e.path("value").asText()
                                    : "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText()));
                        });
                        container.put("env", env.toString());
                        container.set("resources", c.path("resources"));
                    }
                }
                case "Service" -> shape.set("ports", o.path("spec").path("ports"));
                case "ConfigMap" -> shape.set("data", o.path("data"));
                default -> shape.set("spec", o.path("spec"));
            }
            shapes.put(key, shape);
        }
        return shapes;
    }
}

package dev.tokenledger.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.tokenledger.testinfra.InfraEnv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The chart in {@code helm/tokenledger} and the Kustomize tree in {@code k8s/}, driven with the
 * {@code helm} and {@code kubectl} that {@code ./tokenledger install} puts in the tool cache, and the
 * node validator of {@code system-tests/src/test/node}.
 */
final class Helm {

    static final Path CHART = InfraEnv.repoRoot().resolve("helm/tokenledger");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A command's exit code, its standard output and its standard error. */
    record Run(int exit, String output, String errors) {
        String all() {
            return output + errors;
        }
    }

    private Helm() {
    }

    /** {@code helm} or {@code kubectl} as {@code ./tokenledger install} put them in the tool cache. */
    static Path binary(String tool) {
        String cache = System.getenv("TOKENLEDGER_CACHE");
        Path cached = (cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "tokenledger")).resolve("bin").resolve(tool);
        if (!Files.isExecutable(cached)) {
            throw new IllegalStateException(cached + " is missing: run ./tokenledger install (it unpacks helm and kubectl)");
        }
        return cached;
    }

    static Run helm(String... args) {
        List<String> command = new ArrayList<>(List.of(binary("helm").toString()));
        command.addAll(List.of(args));
        return run(command, null);
    }

    /** {@code kubectl kustomize} of a directory under {@code k8s/}; fails unless it builds. */
    static String kustomize(String directory) {
        Run r = run(List.of(binary("kubectl").toString(), "kustomize", InfraEnv.repoRoot().resolve("k8s").resolve(directory).toString()), null);
        if (r.exit() != 0) {
            throw new AssertionError("kubectl kustomize k8s/" + directory + " failed:\n" + r.all());
        }
        return r.output();
    }

    /** {@code helm template} of the chart with these values files and {@code --set} pairs; fails unless it renders. */
    static String template(List<String> valuesFiles, String... sets) {
        return templateAs("tl", valuesFiles, sets);
    }

    /** {@code helm template} as the release {@code release}. */
    static String templateAs(String release, List<String> valuesFiles, String... sets) {
        List<String> args = new ArrayList<>(List.of("template", release, CHART.toString()));
        valuesFiles.forEach(f -> args.addAll(List.of("-f", CHART.resolve(f).toString())));
        for (String set : sets) {
            args.addAll(List.of("--set", set));
        }
        Run r = helm(args.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("helm template " + valuesFiles + " failed:\n" + r.all());
        }
        return r.output();
    }

    /** The rendered objects, in order. */
    static List<JsonNode> objects(String rendered) {
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(rendered)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode node = it.next();
                if (node != null && node.isObject() && node.has("kind")) {
                    objects.add(node);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("the rendered chart is not YAML", e);
        }
        return objects;
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    static ObjectNode named(List<JsonNode> objects, String kind, String name) {
        return (ObjectNode) objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    /**
     * Fails unless every rendered object is valid against its schema; only the Keycloak Operator's
     * objects, for which no schema is published, may go unchecked.
     */
    static void assertValid(String manifests) {
        List<JsonNode> objects = objects(manifests);
        long keycloak = objects.stream().filter(o -> o.path("apiVersion").asText().startsWith("k8s.keycloak.org/")).count();
        Run r = validate(manifests);
        if (r.exit() != 0 || !r.output().contains((objects.size() - keycloak) + " valid, 0 invalid, " + keycloak + " unchecked")) {
            throw new AssertionError("not every object is valid:\n" + r.all());
        }
    }

    /** Validates manifests against the Kubernetes and CRD schemas (validate-manifests.mjs). */
    static Run validate(String manifests) {
        Path node = InfraEnv.repoRoot().resolve("system-tests/src/test/node");
        return run(List.of("node", node.resolve("validate-manifests.mjs").toString()), manifests);
    }

    private static Run run(List<String> command, String stdin) {
        try {
            Path errors = Files.createTempFile("helm", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not finish in 120 s");
                }
                return new Run(p.exitValue(), output, Files.readString(errors));
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

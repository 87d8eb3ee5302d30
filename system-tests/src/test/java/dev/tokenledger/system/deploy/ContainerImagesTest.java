package dev.tokenledger.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.testinfra.InfraEnv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service's and the console's {@code Dockerfile.jvm} fits the chart that runs it (no image can
 * be built on a machine without a container engine): what it copies exists after the build, it runs
 * as the user the chart's pods require, and it exposes the ports the Deployment names; its
 * {@code Dockerfile.native} runs the {@code -Pnative} executable as a non-root user on the same ports.
 * The Deployment pulls the image named after the module, as Jib and the Dockerfile's command name it.
 */
class ContainerImagesTest {

    private static final Pattern COPY = Pattern.compile("^COPY --chown=185 (\\S+) ", Pattern.MULTILINE);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ingest", "pricing", "budget", "report", "notifier", "console"})
    void theJvmImageCopiesTheBuiltAppRunsAsTheChartsUserAndExposesItsPorts(String service) throws Exception {
        // the console is the module admin-ui; every other one is <service>-service
        String moduleName = service.equals("console") ? "admin-ui" : service + "-service";
        Path module = InfraEnv.repoRoot().resolve(moduleName);
        String dockerfile = Files.readString(module.resolve("src/main/docker/Dockerfile.jvm"));
        Matcher copy = COPY.matcher(dockerfile);
        List<String> sources = new ArrayList<>();
        while (copy.find()) {
            sources.add(copy.group(1));
        }
        assertEquals(List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/", "target/quarkus-app/quarkus/"), sources);
        for (String source : sources) {
            Path built = module.resolve(source.replace("*.jar", "quarkus-run.jar"));
            assertTrue(Files.exists(built), built + " is what the image copies: build the service first");
        }

        List<JsonNode> objects = Helm.objects(Helm.template(List.of()));
        JsonNode pod = Helm.named(objects, "Deployment", "tl-tokenledger-" + service).path("spec").path("template").path("spec");
        // ghcr.io/tokenledger/<module>: the name Jib gives the image and the one the build command in the Dockerfile tags
        assertEquals("ghcr.io/tokenledger/" + moduleName + ":0.1.0", pod.path("containers").get(0).path("image").asText());
        assertTrue(dockerfile.contains(" -t ghcr.io/tokenledger/" + moduleName + ":0.1.0 " + moduleName + "\n"), "the build command tags the image the chart pulls");
        assertTrue(dockerfile.contains("\nUSER " + pod.path("securityContext").path("runAsUser").asInt() + "\n"), "the image's user is the pod's");
        JsonNode ports = pod.path("containers").get(0).path("ports");
        String exposed = "\nEXPOSE " + ports.get(0).path("containerPort").asInt() + " " + ports.get(1).path("containerPort").asInt() + "\n";
        assertTrue(dockerfile.contains(exposed), "the image exposes the Deployment's API and management ports");

        // the native image (built where GraalVM or Mandrel exists) runs the -Pnative executable, non-root, on the same ports
        String nativeDockerfile = Files.readString(module.resolve("src/main/docker/Dockerfile.native"));
        assertTrue(nativeDockerfile.contains("COPY --chown=1001:root --chmod=0755 target/*-runner /work/application"), nativeDockerfile);
        assertTrue(nativeDockerfile.contains("\nUSER 1001\n") && nativeDockerfile.contains(exposed), nativeDockerfile);
    }
}

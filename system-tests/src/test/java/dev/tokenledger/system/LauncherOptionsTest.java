package dev.tokenledger.system;

import dev.tokenledger.testinfra.InfraEnv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher answers --help without doing anything, and refuses what it does not understand. */
class LauncherOptionsTest {

    record Run(int exit, String output) {
    }

    static Run launcher(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(InfraEnv.repoRoot().resolve("tokenledger").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the launcher answered at once: " + String.join(" ", args));
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "./tokenledger {0} --help prints its usage and does nothing else")
    @ValueSource(strings = {"up", "down", "status", "reset", "chaos", "infra", "bench", "test", "restart", "logs", "install"})
    void everySubcommandAnswersHelp(String subcommand) throws Exception {
        for (String flag : new String[] {"--help", "-h"}) {
            Run run = launcher(subcommand, flag);
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().startsWith("./tokenledger " + subcommand), run.output());
            assertTrue(!run.output().contains("==>"), "no step was started: " + run.output());
        }
    }

    @ParameterizedTest(name = "./tokenledger {0} {1} is refused")
    @CsvSource({"up, --bogus", "down, now", "status, -v", "install, --everything", "reset, --force"})
    void anUnknownOptionIsAnErrorNotIgnored(String subcommand, String option) throws Exception {
        Run run = launcher(subcommand, option);
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains(option), "the refusal names what was refused: " + run.output());
    }

    @ParameterizedTest(name = "reset without --yes and without a terminal deletes nothing")
    @ValueSource(strings = {"reset"})
    void resetAsksForConfirmation(String subcommand) throws Exception {
        Run run = launcher(subcommand);
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("--yes"), run.output());
    }
}

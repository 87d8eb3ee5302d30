package dev.tokenledger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tokenledger}: what LLM calls cost, from a terminal or a script. Exit codes: 0 done,
 * 1 the API refused or could not be reached, 2 a usage error, 3 a budget checked is at or past its
 * limit.
 */
@Command(name = "tokenledger", mixinStandardHelpOptions = true, version = "tokenledger 0.1.0",
        description = "What your LLM calls cost, who caused it, and what is left of your budgets.",
        subcommands = {CostCommand.class, LoginCommand.class, LoginCommand.Logout.class, picocli.AutoComplete.GenerateCompletion.class})
public final class TokenledgerCli implements Runnable {

    public static final int API_ERROR = 1;
    public static final int OVER_BUDGET = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line; its exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new TokenledgerCli());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ApiException api) {
                line.getErr().println(api.getMessage());
                return API_ERROR;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

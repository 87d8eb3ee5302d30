package dev.tokenledger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tokenledger cost …}: reports, top, trends, forecast, budgets, quotes, models and imports. */
@Command(name = "cost", mixinStandardHelpOptions = true, description = "Spend reports, budgets and prices.",
        subcommands = {ReportCommand.class, TopCommand.class, TrendsCommand.class, ForecastCommand.class, BudgetCommand.class,
                QuoteCommand.class, ModelsCommand.class, SessionCommand.class, ExportCommand.class, WatchCommand.class, ImportCommand.class})
public final class CostCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

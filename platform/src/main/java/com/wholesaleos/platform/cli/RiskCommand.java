package com.wholesaleos.platform.cli;

import com.wholesaleos.marketplace.MarketplaceDatabase;
import com.wholesaleos.marketplace.risk.RiskActions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "risk", mixinStandardHelpOptions = true,
        description = "The risk team's desk: fraud alerts (list, show, acknowledge, escalate, dismiss, confirm, stats) and the actions that reach "
                + "the marketplace (block a retailer, hold or release an order), each audited (risk.audit).",
        subcommands = {RiskAlertCommands.Alerts.class, RiskAlertCommands.Show.class, RiskAlertCommands.Ack.class, RiskAlertCommands.Escalate.class,
                RiskAlertCommands.Dismiss.class, RiskAlertCommands.Confirm.class, RiskAlertCommands.Stats.class, RiskRulesCommand.class,
                RiskCommand.Block.class, RiskCommand.Unblock.class, RiskCommand.Hold.class, RiskCommand.Release.class})
final class RiskCommand implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** What every action takes: who and why, for the audit trail. */
    abstract static class Action implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--by", paramLabel = "NAME", description = "Who takes the action (default: the user running wos).") String by = System.getProperty("user.name");
        @Option(names = "--note", paramLabel = "TEXT", required = true, description = "Why.") String note;

        abstract String act(RiskActions actions) throws Exception;

        @Override
        public Integer call() throws Exception {
            String done = act(new RiskActions(MarketplaceDatabase.from(options.client())));
            spec.commandLine().getOut().println(done + " (audited: " + by + ", \"" + note + "\")");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "block", mixinStandardHelpOptions = true, description = "The marketplace refuses the retailer's new orders, for any writer.")
    static final class Block extends Action {
        @Parameters(paramLabel = "RETAILER") long retailer;
        String act(RiskActions a) throws Exception { a.blockRetailer(retailer, by, note); return "retailer " + retailer + " blocked"; }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "The retailer may order again.")
    static final class Unblock extends Action {
        @Parameters(paramLabel = "RETAILER") long retailer;
        String act(RiskActions a) throws Exception { a.unblockRetailer(retailer, by, note); return "retailer " + retailer + " unblocked"; }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "The order cannot move to shipped until released.")
    static final class Hold extends Action {
        @Parameters(paramLabel = "ORDER") long order;
        String act(RiskActions a) throws Exception { a.holdOrder(order, by, note); return "order " + order + " on hold"; }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "The held order may ship.")
    static final class Release extends Action {
        @Parameters(paramLabel = "ORDER") long order;
        String act(RiskActions a) throws Exception { a.releaseOrder(order, by, note); return "order " + order + " released"; }
    }
}

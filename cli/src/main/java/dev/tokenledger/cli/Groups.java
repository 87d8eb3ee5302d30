package dev.tokenledger.cli;

import java.util.ArrayList;
import java.util.List;

/** The columns of a breakdown's groups: the keys, then cost (as displayed in a table, exact otherwise), share, calls, tokens. */
final class Groups {

    private Groups() {
    }

    static List<Output.Column> columns(List<String> by, Output.Format format) {
        List<Output.Column> c = new ArrayList<>();
        by.forEach(d -> c.add(Output.Column.text(d, "/key/" + d)));
        c.add(Output.Column.number("cost", format == Output.Format.table ? "/cost_display" : "/cost/amount"));
        c.add(Output.Column.number("share %", "/share_percent"));
        c.add(Output.Column.number("calls", "/calls"));
        c.add(Output.Column.number("tokens", "/tokens"));
        c.add(Output.Column.number("unpriced", "/unpriced_calls"));
        return c;
    }
}

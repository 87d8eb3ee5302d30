package dev.tokenledger.report.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;

/** Settings of the report-service ({@code tokenledger.report.*}). */
@ConfigMapping(prefix = "tokenledger.report")
public interface ReportConfig {

    /** How often month partitions are created ahead and raw events past each tenant's retention deleted. */
    @WithDefault("1h")
    Duration maintenanceInterval();

    /** Where the pricing-service answers quotes and model lists (optimisation advice). */
    @WithDefault("http://127.0.0.1:8082")
    String pricingUrl();

    Anomaly anomaly();

    interface Anomaly {
        /** How often the last complete hour (and active sessions) are checked. */
        @WithDefault("5m")
        Duration checkInterval();

        /** Days of the same hour that form the baseline. */
        @WithDefault("14")
        int baselineDays();

        /** Robust z-score (median and MAD) at or above which an hour is anomalous. */
        @WithDefault("6")
        BigDecimal zThreshold();

        /** The spread is never taken as less than this share of the median (steady traffic has MAD 0). */
        @WithDefault("0.10")
        BigDecimal minRelativeSpread();

        /** USD over the usual an hour must cost before it alerts, so tiny amounts never do. */
        @WithDefault("1.00")
        BigDecimal minExcess();

        /** A session costing this many times the tenant's median cost per minute is a runaway. */
        @WithDefault("10")
        BigDecimal sessionFactor();

        /** Sessions needed in the baseline before runaway sessions are judged. */
        @WithDefault("5")
        int sessionBaselineMin();
    }
}

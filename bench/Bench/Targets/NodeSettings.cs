namespace OrleansIm.Bench.Targets;

/// <summary>Configuration every process the harness starts as a target gets, whatever its storage.</summary>
public static class NodeSettings
{
    /// <summary>
    /// For a silo: its <c>/debug/memory</c> diagnostics on (the idle scenario reads them), and
    /// <see cref="QuietLogs"/>.
    /// </summary>
    public static Dictionary<string, string> ForBench(Dictionary<string, string>? settings = null)
    {
        settings = QuietLogs(settings);
        settings["OrleansIm:Diagnostics:MemoryEndpoint"] = "true";
        return settings;
    }

    /// <summary>Logs at Warning, so that logging under load costs what it costs in production, not more.</summary>
    public static Dictionary<string, string> QuietLogs(Dictionary<string, string>? settings = null)
    {
        settings ??= [];
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }
}

namespace OrleansIm.Bench.Targets;

/// <summary>Configuration every process the harness starts as a target gets, whatever its storage.</summary>
public static class NodeSettings
{
    /// <summary>
    /// For a silo: its <c>/debug/memory</c> diagnostics on (the idle scenario reads them), and
    /// <see cref="ForLoad"/>.
    /// </summary>
    public static Dictionary<string, string> ForBench(Dictionary<string, string>? settings = null)
    {
        settings = ForLoad(settings);
        settings["OrleansIm:Diagnostics:MemoryEndpoint"] = "true";
        return settings;
    }

    /// <summary>
    /// For anything that serves the load: logs at Warning, so that logging costs what it costs in
    /// production, not more; and the gateway's per-user rate limits off, because the harness
    /// measures how much the system can carry, not the policy that protects it from one user
    /// (a large-group sender alone posts 50 messages a second).
    /// </summary>
    public static Dictionary<string, string> ForLoad(Dictionary<string, string>? settings = null)
    {
        settings ??= [];
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:OrleansIm"] = "Warning";
        settings["OrleansIm:Gateway:RateLimits:Enabled"] = "false";
        return settings;
    }
}

namespace OrleansIm.Silo.Diagnostics;

/// <summary>Operator-only diagnostics; bound from "OrleansIm:Diagnostics". Off by default.</summary>
public sealed class DiagnosticsOptions
{
    public const string SectionName = "OrleansIm:Diagnostics";

    /// <summary>
    /// Serves GET /debug/memory on the HTTP port: forces a full garbage collection and reports
    /// the managed heap. The benchmark uses it to measure memory per connection and activation.
    /// A forced collection pauses the process, so never enable it on a public port.
    /// </summary>
    public bool MemoryEndpoint { get; set; }
}

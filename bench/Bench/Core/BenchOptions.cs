namespace OrleansIm.Bench.Core;

/// <summary>The harness's command line. Every size has a full default and a smoke default (seconds, for CI).</summary>
public sealed class BenchOptions
{
    /// <summary>Scenarios to run; empty = all.</summary>
    public List<string> Scenarios { get; } = [];

    /// <summary>Tiny sizes and durations so CI proves the harness still works; the numbers mean nothing.</summary>
    public bool Smoke { get; set; }

    /// <summary>Run against these running gRPC endpoints instead of starting a node (references still start locally).</summary>
    public List<Uri> Endpoints { get; } = [];

    /// <summary>Skip the reference systems (bare relay, nats-server).</summary>
    public bool NoReferences { get; set; }

    public string JsonPath { get; set; } = "bench-results.json";

    public int? Users { get; set; }

    public TimeSpan? Duration { get; set; }

    /// <summary>How many HTTP/2 connections the simulated clients share (0 = one per client).</summary>
    public int? Connections { get; set; }

    public TimeSpan PhaseDuration => Duration ?? (Smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20));

    public TimeSpan Warmup => Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--smoke": options.Smoke = true; break;
                case "--no-references": options.NoReferences = true; break;
                case "--scenario": options.Scenarios.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
                case "--endpoints": options.Endpoints.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e => new Uri(e))); break;
                case "--json": options.JsonPath = Value(); break;
                case "--users": options.Users = int.Parse(Value()); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--connections": options.Connections = int.Parse(Value()); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; see --help.");
            }
        }
        if (options.Users is < 2) throw new ArgumentException("--users must be at least 2.");
        if (options.Connections is < 0) throw new ArgumentException("--connections must not be negative.");
        if (options.Duration is { } d && d <= TimeSpan.Zero) throw new ArgumentException("--duration must be positive.");
        return options;
    }

    public const string Help = """
        OrleansIm benchmark: drives SDK clients against the node and, in the same run, references.

          dotnet run --project bench/Bench -c Release -- [options]

          --scenario a,b      direct, groups, reconnect, idle (default: all)
          --smoke             tiny sizes, seconds per scenario (CI); numbers mean nothing
          --endpoints u1,u2   load these running gateways instead of starting a node
          --no-references     skip the bare relay and nats-server
          --users N           clients in the direct and reconnect scenarios
          --connections N     HTTP/2 connections the clients share (0 = one each)
          --duration S        seconds per measured phase
          --json PATH         where to write the results (default bench-results.json)
        """;
}

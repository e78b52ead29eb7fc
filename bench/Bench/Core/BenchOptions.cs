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

    /// <summary>
    /// Prometheus scrapes of the processes behind <see cref="Endpoints"/> (every silo and
    /// gateway): the server's CPU, memory, allocation and own latencies are read from them.
    /// </summary>
    public List<Uri> Metrics { get; } = [];

    /// <summary>
    /// A PostgreSQL connection string: the node every scenario starts runs on it instead of
    /// embedded SQLite, and the scale scenario's PostgreSQL targets use it instead of a
    /// throwaway server.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>Skip the reference systems (bare relay, nats-server).</summary>
    public bool NoReferences { get; set; }

    public string JsonPath { get; set; } = "bench-results.json";

    public int? Users { get; set; }

    public TimeSpan? Duration { get; set; }

    /// <summary>How many HTTP/2 connections the simulated clients share (0 = one per client).</summary>
    public int? Connections { get; set; }

    /// <summary>
    /// Sends per second of extra open-loop phases after the latency phase of the messaging
    /// scenarios (direct, groups, scale), on every target: latency and CPU at the rates an
    /// operator expects, beside the fixed "50 % of max".
    /// </summary>
    public List<double> Rates { get; } = [];

    /// <summary>
    /// The p99 send→deliver target (ms) whose capacity the direct scenario searches for on every
    /// target: the highest open-loop rate that stays within it. 0 skips the search.
    /// </summary>
    public double SloP99Ms { get; set; } = 50;

    public TimeSpan PhaseDuration => Duration ?? (Smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20));

    /// <summary>The warm-up of <c>--warmup</c>; null for the default.</summary>
    public TimeSpan? WarmupOverride { get; set; }

    /// <summary>Short warm-ups: before each step of the room ladder, before the reference fan-outs, before each large group's rounds.</summary>
    public TimeSpan Warmup => Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);

    /// <summary>
    /// The closed-loop warm-up before a messaging workload's maximum (direct, groups, scale, and
    /// the relay's run at the node's rate). Under load, the .NET JIT of a freshly started server
    /// recompiles its hot code for ~35 s (tiered compilation with profile-guided optimisation; up
    /// to 70 % of a core in the first 25 s, measured on the node), so a shorter warm-up measures
    /// the maximum, and the 50 % rate derived from it, partly during that.
    /// </summary>
    public TimeSpan ThroughputWarmup => WarmupOverride ?? (Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30));

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
                case "--metrics": options.Metrics.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(m => AbsoluteHttp(m, "--metrics"))); break;
                case "--json": options.JsonPath = Value(); break;
                case "--postgres": options.Postgres = Value(); break;
                case "--users": options.Users = int.Parse(Value()); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--warmup": options.WarmupOverride = TimeSpan.FromSeconds(double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--connections": options.Connections = int.Parse(Value()); break;
                case "--slo-p99": options.SloP99Ms = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--rates": options.Rates.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => double.Parse(r, System.Globalization.CultureInfo.InvariantCulture))); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; see --help.");
            }
        }
        if (options.Users is < 2) throw new ArgumentException("--users must be at least 2.");
        if (options.Connections is < 0) throw new ArgumentException("--connections must not be negative.");
        if (options.Duration is { } d && d <= TimeSpan.Zero) throw new ArgumentException("--duration must be positive.");
        if (options.WarmupOverride is { } w && w < TimeSpan.Zero) throw new ArgumentException("--warmup must not be negative.");
        if (options.Rates.Any(r => r <= 0 || double.IsNaN(r) || double.IsInfinity(r))) throw new ArgumentException("--rates must be positive sends per second, e.g. 1000,2000.");
        if (options.SloP99Ms < 0 || !double.IsFinite(options.SloP99Ms)) throw new ArgumentException("--slo-p99 must be milliseconds (0 skips the capacity search), e.g. 50.");
        if (options.Postgres is { } postgres) ValidatePostgres(postgres, options);
        if (options.Metrics.Count > 0 && options.Endpoints.Count == 0) throw new ArgumentException("--metrics reads the processes behind --endpoints; the node the harness starts is read without it.");
        return options;
    }

    private static Uri AbsoluteHttp(string value, string option) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{option} takes absolute http(s) URLs, e.g. http://silo-0:8080/metrics; got '{value}'.");

    /// <summary>
    /// Fails here rather than minutes later, when a node exits at start-up: an empty or
    /// malformed string, or one given together with endpoints the harness does not start.
    /// </summary>
    private static void ValidatePostgres(string connectionString, BenchOptions options)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("--postgres needs a connection string, e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=bench'.");
        }
        System.Data.Common.DbConnectionStringBuilder parsed;
        try
        {
            parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--postgres is not a connection string of key=value pairs: {ex.Message}", ex);
        }
        if (!parsed.ContainsKey("Host") && !parsed.ContainsKey("Server"))
        {
            throw new ArgumentException("--postgres names no Host.");
        }
        if (options.Endpoints.Count > 0)
        {
            throw new ArgumentException("--postgres configures the node the harness starts; --endpoints loads gateways it does not start. Give one of them.");
        }
    }

    public const string Help = """
        OrleansIm benchmark: drives SDK clients against the node and, in the same run, references.

          dotnet run --project bench/Bench -c Release -- [options]

          --scenario a,b      direct, scale, groups, reconnect, idle, room, large-group
                              (default: all)
          --smoke             tiny sizes, seconds per scenario (CI); numbers mean nothing
          --endpoints u1,u2   load these running gateways instead of starting a node
          --metrics m1,m2     with --endpoints: the Prometheus scrape of every silo and gateway
                              behind them (e.g. http://silo-0:8080/metrics), for the server's
                              CPU, memory, allocation and own latencies
          --postgres CONN     run the node on PostgreSQL at this Npgsql connection string instead
                              of embedded SQLite (scale: its PostgreSQL targets use it instead of
                              a throwaway server)
          --no-references     skip the bare relay and nats-server
          --users N           clients in the direct, scale and reconnect scenarios; viewers in
                              room; members of the large group in large-group
          --connections N     HTTP/2 connections the clients share (0 = one each)
          --duration S        seconds per measured phase
          --warmup S          seconds of closed-loop load before each messaging maximum
                              (default 30: the servers' JIT settles first)
          --rates R1,R2       extra open-loop phases at these sends/s after the latency phase
                              (direct, groups, scale), on every target
          --slo-p99 MS        direct: also search each target's highest rate whose p99
                              send->deliver stays within MS (default 50; 0 skips it)
          --json PATH         where to write the results (default bench-results.json)
        """;
}

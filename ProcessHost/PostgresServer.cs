using System.Diagnostics;
using System.Text;

namespace OrleansIm.ProcessHost;

/// <summary>
/// A throwaway PostgreSQL server for tests and benchmarks: <c>initdb</c> into a temp folder and
/// <c>pg_ctl start</c> on a free loopback port, with trust auth for the <c>postgres</c> user, and
/// everything removed again on dispose. Needs Debian's <c>postgresql</c> package, no system
/// service. As root the server runs as the <c>postgres</c> user, because initdb refuses root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinEnvironmentVariable = "ORLEANSIM_PG_BIN";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _bin;
    private readonly string _dataDirectory;
    private bool _running;

    private PostgresServer(string bin, string root, int port)
    {
        _bin = bin;
        Root = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
    }

    /// <summary>The temp folder holding the cluster, its socket and its log.</summary>
    public string Root { get; }

    public int Port { get; private set; }

    /// <summary>Connection string for a database of this server (default: the <c>postgres</c> database).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>Creates the cluster and starts it; fails with the install command when PostgreSQL is missing.</summary>
    public static async Task<PostgresServer> StartAsync(int maxConnections = 300, CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            $"PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Install it with 'apt-get install -y postgresql', or set {BinEnvironmentVariable}.");
        var root = Path.Combine(Path.GetTempPath(), "orleansim-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = new PostgresServer(bin, root, FreePorts.Next());
        try
        {
            await server.InitializeAsync(cancellationToken);
            await server.StartServerAsync(maxConnections, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database, so several test classes can share one server without seeing each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("Database names here are letters, digits and underscores.", nameof(name));
        }
        await RunAsync("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", name], cancellationToken);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            _running = false;
            try
            {
                // Immediate: tests do not need a clean shutdown, only the port and the files back.
                await RunAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
            catch (Exception)
            {
                // Removing the folder below is still worth trying; a leftover server dies with the machine.
            }
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(BinEnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }
        const string versions = "/usr/lib/postgresql";
        if (!Directory.Exists(versions))
        {
            return null;
        }
        return Directory.GetDirectories(versions)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (IsRoot)
        {
            await RunRawAsync("chown", ["-R", "postgres:postgres", Root], cancellationToken);
        }
        await RunAsync("initdb", ["-D", _dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
    }

    private async Task StartServerAsync(int maxConnections, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var options = $"-h 127.0.0.1 -p {Port} -k {Root} -c max_connections={maxConnections} -c shared_buffers=128MB";
            try
            {
                await RunAsync("pg_ctl", ["-D", _dataDirectory, "-l", Path.Combine(Root, "server.log"), "-o", options, "-w", "-t", "30", "start"], cancellationToken);
                _running = true;
                return;
            }
            catch (InvalidOperationException) when (attempt < 5 && LogSays("could not bind"))
            {
                // The free port was taken between picking and binding it: pick another.
                Port = FreePorts.Next();
            }
        }
    }

    private bool LogSays(string text)
    {
        var log = Path.Combine(Root, "server.log");
        return File.Exists(log) && File.ReadAllText(log).Contains(text, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_bin, tool);
        return IsRoot
            ? RunRawAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : RunRawAsync(path, arguments, cancellationToken);
    }

    private static async Task RunRawAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds:0} s.");
        }
        output.Append(await stdout).Append(await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {output}");
        }
    }
}

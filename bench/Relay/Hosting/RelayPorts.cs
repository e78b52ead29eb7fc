namespace OrleansIm.Bench.Relay.Hosting;

/// <summary>
/// Where the relay listens, from the environment (the harness picks free ports and starts it as
/// a child process): gRPC on an HTTP/2-only endpoint, health and diagnostics on an HTTP/1.1 one.
/// </summary>
internal sealed record RelayPorts(int Grpc, int Http)
{
    public const string GrpcVariable = "RELAY_GRPC_PORT";
    public const string HttpVariable = "RELAY_HTTP_PORT";

    public static RelayPorts FromEnvironment() => new(Read(GrpcVariable), Read(HttpVariable));

    private static int Read(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) && port is > 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"Set {variable} to the TCP port to listen on (1-65535); the relay binds 127.0.0.1 only.");
}

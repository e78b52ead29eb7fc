using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansIm.Bench.Relay.Hosting;
using OrleansIm.Bench.Relay.Routing;
using OrleansIm.Bench.Relay.Services;

// The bare gRPC relay: see Relay.csproj. Started by the benchmark with RELAY_GRPC_PORT and
// RELAY_HTTP_PORT; ready when GET /readyz on the HTTP port answers.
var ports = RelayPorts.FromEnvironment();
var builder = WebApplication.CreateBuilder(args);
// Per-request logging would cost more than the routing it measures.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = RelayLimits.MaxReceiveMessageBytes);
builder.Services.AddSingleton<RelayDirectory>();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // Cleartext gRPC needs an HTTP/2-only endpoint; probes and diagnostics speak HTTP/1.1.
    kestrel.Listen(IPAddress.Loopback, ports.Grpc, o => o.Protocols = HttpProtocols.Http2);
    kestrel.Listen(IPAddress.Loopback, ports.Http, o => o.Protocols = HttpProtocols.Http1);
});

var app = builder.Build();
app.MapGrpcService<RelayAuthService>();
app.MapGrpcService<RelayChatService>();
app.MapGet("/readyz", () => Results.Text("ready"));
app.MapGet("/debug/memory", RelayMemoryReport.Measure);
app.Run();

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace OrleansIm.Client.Tests.Support;

/// <summary>Hosts a <see cref="ScriptedChatService"/> on a free loopback port over cleartext HTTP/2, like the real gateway.</summary>
internal sealed class ScriptedGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedGateway(WebApplication app, ScriptedChatService service, Uri endpoint)
    {
        _app = app;
        Service = service;
        Endpoint = endpoint;
    }

    public ScriptedChatService Service { get; }

    public Uri Endpoint { get; }

    public static async Task<ScriptedGateway> StartAsync()
    {
        var service = new ScriptedChatService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<ScriptedChatService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ScriptedGateway(app, service, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

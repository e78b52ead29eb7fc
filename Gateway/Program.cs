using OrleansIm.Gateway.Hosting;

var app = GatewayHost.Build(args);
await app.RunAsync();

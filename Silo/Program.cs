using OrleansIm.Silo.Hosting;

// `dotnet run --project Silo -- migrate` applies the schema migrations and exits; without it the
// node applies them itself at start-up (unless OrleansIm:Storage:Postgres:ApplyMigrations is false).
if (args.Length > 0 && args[0] == "migrate")
{
    await NodeHost.MigrateAsync(args[1..]);
    Console.WriteLine("Schema migrations applied.");
    return;
}

var app = await NodeHost.BuildAsync(args);
await app.RunAsync();

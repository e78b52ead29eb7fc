using OrleansIm.Bench.Core;
using OrleansIm.Bench.Report;
using OrleansIm.Bench.Scenarios;
using Spectre.Console;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Help);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Help);
    return 2;
}

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Logs and CI capture: don't squeeze the results table into 80 columns.
    console.Profile.Width = 200;
}
var context = new BenchContext(options, console);
var scenarios = ScenarioCatalog.Select(options.Scenarios);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var results = new List<ScenarioResult>();
var failed = false;
foreach (var scenario in scenarios)
{
    console.Write(new Rule($"[bold]{scenario.Name}[/]: {Markup.Escape(scenario.Description)}").LeftJustified());
    try
    {
        results.AddRange(await scenario.RunAsync(context, cancel.Token));
    }
    catch (Exception ex) when (!cancel.IsCancellationRequested)
    {
        failed = true;
        console.MarkupLine($"[red]{Markup.Escape(scenario.Name)} failed:[/] {Markup.Escape(ex.ToString())}");
    }
}

console.Write(new Rule("[bold]results[/]").LeftJustified());
ResultTable.Write(console, results);
await JsonReport.WriteAsync(options.JsonPath, options, results);
console.MarkupLine($"[grey]results written to {Markup.Escape(Path.GetFullPath(options.JsonPath))}[/]");

// Lost or duplicated messages are failures whatever the speed. A reference dropping messages
// (nats-server cuts slow consumers at high fan-out rates) is reported, not a failure of ours.
string[] references = ["bare-relay", "nats-server"];
var incorrect = results.Where(r => r.Lost > 0 || r.Duplicated > 0 || r.Extra.GetValueOrDefault("ackedMissingFromHistory") > 0).ToList();
foreach (var r in incorrect)
{
    var colour = references.Contains(r.Target) ? "yellow" : "red";
    console.MarkupLine($"[{colour}]{Markup.Escape(r.Key)} on {Markup.Escape(r.Target)}: {r.Lost} lost, {r.Duplicated} duplicated[/]");
}
incorrect.RemoveAll(r => references.Contains(r.Target));
return failed || incorrect.Count > 0 ? 1 : 0;

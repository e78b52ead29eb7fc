using OrleansIm.Cli.Commands;

return await CliCommands.Build().Parse(args).InvokeAsync();

namespace OrleansIm.Cli.Commands;

/// <summary>Who to be and where to connect, as the command line said.</summary>
internal sealed record ConnectionSettings(string? User, Uri Server, string? Token, string Device, string StateDirectory);

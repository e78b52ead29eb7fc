namespace OrleansIm.Cli.Commands;

/// <summary>Who to be and where to connect, as the command line said.</summary>
/// <param name="CaCertificatePath">PEM certificates trusted for an https:// server besides the system's; null for the system's alone.</param>
internal sealed record ConnectionSettings(string? User, Uri Server, string? Token, string Device, string StateDirectory, string? CaCertificatePath);

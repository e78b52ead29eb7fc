namespace OrleansIm.Cli.Chat;

/// <summary>A command that needs an open conversation ran without one.</summary>
internal sealed class NoConversationOpenException : Exception
{
    public NoConversationOpenException()
        : base("No conversation is open.")
    {
    }
}

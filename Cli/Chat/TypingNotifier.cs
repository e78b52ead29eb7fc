namespace OrleansIm.Cli.Chat;

/// <summary>
/// Turns the input line into typing signals for the open conversation: true when a message
/// starts, repeated every few seconds while it grows (receivers expire a silent "typing"), false
/// when it is sent or erased. Commands (lines starting with '/') are not typing.
/// </summary>
internal sealed class TypingNotifier(Func<string?> openConversation, Func<string, bool, bool> setTyping, TimeProvider time)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(4);

    private readonly Lock _gate = new();
    private string? _typingIn;
    private long _lastSignal;

    public void OnInputChanged(string input)
    {
        lock (_gate)
        {
            var conversation = openConversation();
            var typing = conversation is not null && input.Length > 0 && !input.StartsWith('/');
            if (!typing)
            {
                Stop();
                return;
            }

            if (_typingIn != conversation)
            {
                Stop();
            }

            if (_typingIn is null || time.GetElapsedTime(_lastSignal) >= Refresh)
            {
                setTyping(conversation!, true);
                _typingIn = conversation;
                _lastSignal = time.GetTimestamp();
            }
        }
    }

    /// <summary>Ends any typing signal (the line was sent, erased, or the conversation closed).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_typingIn is { } conversation)
            {
                setTyping(conversation, false);
                _typingIn = null;
            }
        }
    }
}

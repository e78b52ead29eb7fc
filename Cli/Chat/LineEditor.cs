using System.Text;

namespace OrleansIm.Cli.Chat;

/// <summary>
/// Reads the user's lines. On a terminal it reads key by key, so the screen can keep the
/// half-typed line under incoming messages and typing can be signalled as it starts; with
/// redirected input it reads plain lines, so the chat can be scripted.
/// </summary>
internal sealed class LineEditor(ChatScreen screen, Action<string> inputChanged)
{
    private static readonly TimeSpan KeyPollInterval = TimeSpan.FromMilliseconds(15);

    /// <summary>The next line, or null at end of input.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        if (!screen.LiveInput)
        {
            return await Console.In.ReadLineAsync(cancellationToken);
        }

        var buffer = new StringBuilder();
        while (true)
        {
            // Console.ReadKey cannot be cancelled; polling KeyAvailable lets a closed session end the read.
            while (!Console.KeyAvailable)
            {
                await Task.Delay(KeyPollInterval, cancellationToken);
            }

            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    var line = buffer.ToString();
                    Changed(buffer.Clear());
                    return line;
                case ConsoleKey.Backspace:
                    if (buffer.Length > 0)
                    {
                        var remove = buffer.Length > 1 && char.IsLowSurrogate(buffer[^1]) ? 2 : 1;
                        Changed(buffer.Remove(buffer.Length - remove, remove));
                    }

                    break;
                case ConsoleKey.Escape:
                    Changed(buffer.Clear());
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && buffer.Length == 0:
                    return null;
                default:
                    if (key.KeyChar != '\0' && !char.IsControl(key.KeyChar))
                    {
                        Changed(buffer.Append(key.KeyChar));
                    }

                    break;
            }
        }
    }

    private void Changed(StringBuilder buffer)
    {
        var text = buffer.ToString();
        screen.SetInput(text);
        inputChanged(text);
    }
}

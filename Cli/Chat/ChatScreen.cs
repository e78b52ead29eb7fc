using Spectre.Console;

namespace OrleansIm.Cli.Chat;

/// <summary>
/// All output of the chat goes through here. With a live terminal the last line is the prompt
/// and what the user has typed so far; output is written above it and the prompt redrawn, so
/// messages arriving mid-typing never mangle the input.
/// </summary>
internal sealed class ChatScreen
{
    private const string ClearLine = "\r\u001b[2K";

    private readonly Lock _gate = new();
    private string _prompt = "> ";
    private string _input = "";

    private readonly bool _liveInput;

    public ChatScreen(bool liveInput)
    {
        _liveInput = liveInput;
        if (Console.IsOutputRedirected)
        {
            // Spectre wraps at 80 columns when it cannot ask a terminal; a script wants whole lines.
            AnsiConsole.Profile.Width = 100_000;
        }
    }

    public bool LiveInput => _liveInput;

    /// <summary>Writes one line of Spectre markup (escape user text with <see cref="Markup.Escape"/>).</summary>
    public void Markup(string markup)
    {
        lock (_gate)
        {
            if (_liveInput)
            {
                Console.Write(ClearLine);
            }

            AnsiConsole.MarkupLine(markup);
            DrawInputLine();
        }
    }

    public void Plain(string text) => Markup(Spectre.Console.Markup.Escape(text));

    public void Dim(string text) => Markup($"[grey]{Spectre.Console.Markup.Escape(text)}[/]");

    public void Error(string text) => Markup($"[red]{Spectre.Console.Markup.Escape(text)}[/]");

    public void SetPrompt(string prompt)
    {
        lock (_gate)
        {
            if (prompt == _prompt)
            {
                return;
            }

            _prompt = prompt;
            Redraw();
        }
    }

    public void SetInput(string input)
    {
        lock (_gate)
        {
            _input = input;
            Redraw();
        }
    }

    private void Redraw()
    {
        if (_liveInput)
        {
            Console.Write(ClearLine);
            DrawInputLine();
        }
    }

    private void DrawInputLine()
    {
        if (_liveInput)
        {
            AnsiConsole.Markup($"[bold]{Spectre.Console.Markup.Escape(_prompt)}[/]");
            Console.Write(_input);
        }
    }
}

using OrleansIm.Client.Rooms;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Cli.Rooms;

/// <summary>One line per room message; counts and closings in brackets.</summary>
internal static class RoomPrinter
{
    public static void Print(RoomEvent e)
    {
        switch (e)
        {
            case RoomJoinedEvent joined:
                Console.WriteLine($"[joined {joined.Room.RoomId} \"{joined.Room.Title}\" - {joined.ViewerCount} watching]");
                foreach (var message in joined.Recent)
                {
                    Console.WriteLine(Format(message));
                }
                break;
            case RoomMessagesEvent batch:
                foreach (var message in batch.Messages)
                {
                    Console.WriteLine(Format(message));
                }
                if (batch.ShedChat + batch.ShedLikes > 0)
                {
                    Console.WriteLine($"[too slow: skipped {batch.ShedChat} chat, {batch.ShedLikes} likes]");
                }
                break;
            case RoomInterruptedEvent interrupted:
                Console.WriteLine($"[interrupted: {interrupted.Reason}; watching again in {interrupted.RetryIn.TotalSeconds:0.#} s]");
                break;
            case RoomClosedEvent closed:
                Console.WriteLine($"[closed: {closed.Reason}]");
                break;
        }
    }

    private static string Format(RoomMessage m)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(m.SentAtMs).ToLocalTime().ToString("HH:mm:ss");
        return (m.Kind, m.Class) switch
        {
            (RoomMessageKind.Joined, _) => $"{time} → {m.SenderId} joined",
            (RoomMessageKind.Left, _) => $"{time} ← {m.SenderId} left",
            (_, RoomMessageClass.Gift) => $"{time} * {m.SenderId} sent a gift: {m.Text}",
            (_, RoomMessageClass.Like) => $"{time} + {m.SenderId} likes this{(m.Text.Length > 0 ? ": " + m.Text : "")}",
            (_, RoomMessageClass.System) => $"{time} ! {m.Text}",
            _ => $"{time} {m.SenderId}: {m.Text}",
        };
    }
}

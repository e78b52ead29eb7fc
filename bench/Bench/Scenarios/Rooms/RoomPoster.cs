using System.Diagnostics;
using Grpc.Core;
using OrleansIm.Bench.Measurement;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Rooms;

/// <summary>
/// Posts at a fixed rate (open loop: the schedule does not wait for answers) with a mix of
/// classes: 10% gifts, 60% chat, 30% likes. Posts the room sheds are counted per class; the
/// accepted ones are timed from the call to the room's answer (its seq).
/// </summary>
public sealed class RoomPoster(RoomService.RoomServiceClient client, string token, string roomId)
{
    private static readonly RoomMessageClass[] Mix =
    [
        RoomMessageClass.Gift, RoomMessageClass.Chat, RoomMessageClass.Like, RoomMessageClass.Chat, RoomMessageClass.Chat,
        RoomMessageClass.Like, RoomMessageClass.Chat, RoomMessageClass.Chat, RoomMessageClass.Like, RoomMessageClass.Chat,
    ];

    public RoomClassTally Offered { get; private set; } = new();

    public RoomClassTally Refused { get; private set; } = new();

    /// <summary>Post to the room's answer, for the accepted measured posts.</summary>
    public LatencyHistogram PostToAck { get; private set; } = new();

    public long Errors;

    public void Reset()
    {
        Offered = new RoomClassTally();
        Refused = new RoomClassTally();
        PostToAck = new LatencyHistogram();
    }

    public async Task RunAsync(double perSecond, TimeSpan duration, bool measured, CancellationToken cancellationToken)
    {
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        var inFlight = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var total = (long)(perSecond * duration.TotalSeconds);
        for (long n = 0; n < total; n++)
        {
            var due = TimeSpan.FromSeconds(n / perSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due, cancellationToken);
            }
            var messageClass = Mix[n % Mix.Length];
            if (measured)
            {
                Offered.Add(messageClass);
            }
            inFlight.Add(PostAsync(messageClass, measured, headers, cancellationToken));
            inFlight.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(inFlight);
    }

    private async Task PostAsync(RoomMessageClass messageClass, bool measured, Metadata headers, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await client.PostAsync(new PostRoomRequest { RoomId = roomId, Class = messageClass, Text = RoomPayload.Create(measured) }, headers, cancellationToken: cancellationToken);
            if (measured)
            {
                PostToAck.RecordSince(started);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            if (measured)
            {
                Refused.Add(messageClass);
            }
        }
        catch (RpcException)
        {
            Interlocked.Increment(ref Errors);
        }
    }
}

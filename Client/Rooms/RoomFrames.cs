using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Rooms;

/// <summary>Wire frames of a watch to the SDK's events.</summary>
internal static class RoomFrames
{
    public static RoomEvent ToEvent(string roomId, RoomFrame frame) => frame.KindCase switch
    {
        RoomFrame.KindOneofCase.Joined => new RoomJoinedEvent(roomId, frame.Joined.Room, frame.Joined.Recent, frame.Joined.ViewerCount),
        RoomFrame.KindOneofCase.Batch => new RoomMessagesEvent(roomId, frame.Batch.Messages, frame.Batch.ViewerCount, frame.Batch.Shed?.Chat ?? 0, frame.Batch.Shed?.Like ?? 0),
        RoomFrame.KindOneofCase.Closed => new RoomClosedEvent(roomId, frame.Closed.Code, frame.Closed.Reason),
        _ => throw new ImClientException(Grpc.Core.StatusCode.Internal, $"Unknown room frame {frame.KindCase}."),
    };
}

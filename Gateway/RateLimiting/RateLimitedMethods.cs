using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.RateLimiting;

/// <summary>Which calls count against which budget, by gRPC method path. Calls not listed (auth, moderation, room posts with their own room limit) are not limited here.</summary>
internal static class RateLimitedMethods
{
    private static readonly Dictionary<string, RateCategory> ByPath = new(StringComparer.Ordinal)
    {
        [Path(ChatService.Descriptor, "Send")] = RateCategory.Send,
        [Path(ChatService.Descriptor, "Edit")] = RateCategory.Send,
        [Path(ChatService.Descriptor, "Recall")] = RateCategory.Send,
        [Path(ChatService.Descriptor, "OpenDirect")] = RateCategory.Join,
        [Path(ChatService.Descriptor, "CreateGroup")] = RateCategory.Join,
        [Path(ChatService.Descriptor, "AddMembers")] = RateCategory.Join,
        [Path(ChatService.Descriptor, "RequestJoin")] = RateCategory.Join,
        [Path(RoomService.Descriptor, "Watch")] = RateCategory.Join,
        [Path(ChatService.Descriptor, "Sync")] = RateCategory.Query,
        [Path(ChatService.Descriptor, "GetHistory")] = RateCategory.Query,
        [Path(ChatService.Descriptor, "ListConversations")] = RateCategory.Query,
        [Path(ChatService.Descriptor, "GetConversation")] = RateCategory.Query,
        [Path(ChatService.Descriptor, "GetReadPositions")] = RateCategory.Query,
        [Path(ChatService.Descriptor, "GetPresence")] = RateCategory.Query,
        [Path(ChatService.Descriptor, "ListMembers")] = RateCategory.Query,
        [Path(ChatService.Descriptor, "ListJoinRequests")] = RateCategory.Query,
    };

    public static bool TryGet(string path, out RateCategory category) => ByPath.TryGetValue(path, out category);

    private static string Path(ServiceDescriptor service, string method) =>
        service.FindMethodByName(method) is { } found
            ? $"/{service.FullName}/{found.Name}"
            : throw new InvalidOperationException($"{service.FullName} has no method {method}.");
}

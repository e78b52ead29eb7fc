using Grpc.Core;
using OrleansIm.Bench.Relay.Connections;
using OrleansIm.Bench.Relay.Identity;
using OrleansIm.Bench.Relay.Routing;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Services;

/// <summary>
/// The part of ChatService the benchmark's clients use. The relay keeps no history, read
/// positions or conversation lists, so those queries answer empty; the rest is Unimplemented.
/// </summary>
internal sealed class RelayChatService(RelayDirectory directory) : ChatService.ChatServiceBase
{
    public override Task Connect(IAsyncStreamReader<ClientFrame> requestStream, IServerStreamWriter<ServerFrame> responseStream, ServerCallContext context) =>
        new RelayStreamSession(directory, directory.User(RelayCaller.UserId(context)), context).RunAsync(requestStream, responseStream);

    public override Task<SendAck> Send(SendRequest request, ServerCallContext context) =>
        Task.FromResult(directory.Send(RelayCaller.UserId(context), request));

    public override Task<SyncResponse> Sync(SyncRequest request, ServerCallContext context) =>
        Task.FromResult(new SyncResponse { LatestSyncSeq = directory.User(RelayCaller.UserId(context)).LatestSyncSeq });

    public override Task<HistoryResponse> GetHistory(HistoryRequest request, ServerCallContext context)
    {
        var conversation = directory.Conversation(request.ConversationId);
        conversation.RequireMember(RelayCaller.UserId(context));
        return Task.FromResult(new HistoryResponse { LastSeq = conversation.LastSeq });
    }

    public override Task<ListConversationsResponse> ListConversations(ListConversationsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListConversationsResponse { LatestSyncSeq = directory.User(RelayCaller.UserId(context)).LatestSyncSeq });

    public override Task<Conversation> OpenDirect(OpenDirectRequest request, ServerCallContext context) =>
        Task.FromResult(directory.OpenDirect(RelayCaller.UserId(context), request.PeerId));

    public override Task<Conversation> CreateGroup(CreateGroupRequest request, ServerCallContext context) =>
        Task.FromResult(directory.CreateGroup(RelayCaller.UserId(context), request.Name, request.MemberIds));

    public override Task<MarkReadResponse> MarkRead(MarkReadRequest request, ServerCallContext context)
    {
        RelayCaller.UserId(context);
        return Task.FromResult(new MarkReadResponse { ConversationId = request.ConversationId });
    }
}

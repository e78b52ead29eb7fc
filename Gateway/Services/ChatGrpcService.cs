using Grpc.Core;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Connections;
using OrleansIm.Gateway.GrainAccess;
using OrleansIm.Gateway.Mapping;
using OrleansIm.Gateway.Telemetry;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Services;

/// <summary>
/// The public chat API. Each call names the caller from the token only; ids in requests are
/// checked here for syntax and by the grains for membership and roles.
/// </summary>
internal sealed class ChatGrpcService(IGrainFactory grains, GrainReferences references, StreamSessionFactory sessions, LargeGroups.ConversationWindows windows) : ChatService.ChatServiceBase
{
    public override Task Connect(IAsyncStreamReader<ClientFrame> requestStream, IServerStreamWriter<ServerFrame> responseStream, ServerCallContext context) =>
        sessions.Create().RunAsync(CallerIdentity.UserId(context), requestStream, responseStream, context);

    public override async Task<SendAck> Send(SendRequest request, ServerCallContext context)
    {
        var received = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = GatewayTracing.StartSend(request.ConversationId);
        var accepted = false;
        try
        {
            var caller = CallerIdentity.UserId(context);
            var command = new SendCommand(caller, UserId.Require(request.ClientMessageId, "client_message_id"), ProtoMapper.ToClientBody(request.Body), [.. request.MentionUserIds]);
            var ack = ProtoMapper.ToProto(await Conversation(request.ConversationId).Send(command));
            accepted = true;
            return ack;
        }
        finally
        {
            GatewayMetrics.SendAnswered(accepted, unary: true, received);
        }
    }

    public override async Task<SendAck> Edit(EditRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        var body = ProtoMapper.ToClientBody(request.NewBody, "new_body");
        return ProtoMapper.ToProto(await Conversation(request.ConversationId).Edit(caller, request.TargetSeq, request.ClientMessageId, body));
    }

    public override async Task<SendAck> Recall(RecallRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        return ProtoMapper.ToProto(await Conversation(request.ConversationId).Recall(caller, request.TargetSeq, request.ClientMessageId));
    }

    public override async Task<SyncResponse> Sync(SyncRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await User(context).Sync(request.After, request.Limit));

    public override async Task<HistoryResponse> GetHistory(HistoryRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        var direction = ProtoMapper.ToDirection(request.Direction);
        if (direction == HistoryDirection.Forward && windows.TryRead(request.ConversationId, caller, request.AnchorSeq, request.Limit, out var page))
        {
            return page;
        }
        return ProtoMapper.ToProto(await Conversation(request.ConversationId).GetHistory(caller, request.AnchorSeq, direction, request.Limit));
    }

    public override async Task<ListConversationsResponse> ListConversations(ListConversationsRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await User(context).ListConversations());

    public override async Task<Protocol.V1.Conversation> GetConversation(GetConversationRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await Conversation(request.ConversationId).GetInfo(CallerIdentity.UserId(context)));

    public override async Task<Protocol.V1.Conversation> OpenDirect(OpenDirectRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        var peer = UserId.Require(request.PeerId, "peer_id");
        var id = ConversationId.Direct(caller, peer);
        return ProtoMapper.ToProto(await references.Conversation(id).OpenDirect(caller));
    }

    public override async Task<Protocol.V1.Conversation> CreateGroup(CreateGroupRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        var grain = grains.GetGrain<IConversationGrain>(ConversationId.NewGroup());
        return ProtoMapper.ToProto(await grain.CreateGroup(caller, request.Name, [.. request.MemberIds]));
    }

    public override async Task<Protocol.V1.Conversation> AddMembers(AddMembersRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        if (request.UserIds.Count == 0)
        {
            throw ImException.InvalidArgument("user_ids must name at least one user.");
        }
        return ProtoMapper.ToProto(await Conversation(request.ConversationId).AddMembers(caller, [.. request.UserIds]));
    }

    public override async Task<Protocol.V1.Conversation> RemoveMember(RemoveMemberRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await Conversation(request.ConversationId).RemoveMember(CallerIdentity.UserId(context), request.UserId));

    public override async Task<LeaveGroupResponse> LeaveGroup(LeaveGroupRequest request, ServerCallContext context)
    {
        await Conversation(request.ConversationId).Leave(CallerIdentity.UserId(context));
        return new LeaveGroupResponse();
    }

    public override async Task<Protocol.V1.Conversation> RenameGroup(RenameGroupRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await Conversation(request.ConversationId).Rename(CallerIdentity.UserId(context), request.Name));

    public override async Task<Protocol.V1.Conversation> SetMemberRole(SetMemberRoleRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        var role = ProtoMapper.ToRole(request.Role);
        return ProtoMapper.ToProto(await Conversation(request.ConversationId).SetRole(caller, request.UserId, role));
    }

    public override async Task<MarkReadResponse> MarkRead(MarkReadRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await User(context).MarkRead(ConversationId.Require(request.ConversationId), request.Seq));

    public override async Task<GetReadPositionsResponse> GetReadPositions(GetReadPositionsRequest request, ServerCallContext context)
    {
        var positions = await Conversation(request.ConversationId).GetReadPositions(CallerIdentity.UserId(context));
        var response = new GetReadPositionsResponse();
        response.Positions.AddRange(positions.Select(p => new ReadPosition { UserId = p.UserId, ReadSeq = p.ReadSeq }));
        return response;
    }

    /// <summary>Presence is shared between direct-conversation peers only; other ids are left out of the answer.</summary>
    public override async Task<GetPresenceResponse> GetPresence(GetPresenceRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        if (request.UserIds.Count > 200)
        {
            throw ImException.InvalidArgument("user_ids may name at most 200 users.");
        }
        foreach (var id in request.UserIds)
        {
            UserId.Require(id, "user_ids");
        }
        var list = await references.User(caller).ListConversations();
        var peers = list.Conversations.Where(c => c.Kind == Grains.Interfaces.Conversations.ConversationKind.Direct).Select(c => c.Title).ToHashSet(StringComparer.Ordinal);
        var visible = request.UserIds.Distinct(StringComparer.Ordinal).Where(peers.Contains).ToList();
        var signals = await Task.WhenAll(visible.Select(id => references.User(id).GetPresence()));
        var response = new GetPresenceResponse();
        response.Users.AddRange(signals.Select(ProtoMapper.ToProto));
        return response;
    }

    public override async Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await Conversation(request.ConversationId).ListMembers(CallerIdentity.UserId(context), request.AfterUserId, request.Limit));

    public override async Task<Protocol.V1.Conversation> SetMemberMuted(SetMemberMutedRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await Conversation(request.ConversationId).SetMuted(CallerIdentity.UserId(context), request.UserId, request.Muted));

    public override async Task<Protocol.V1.Conversation> UpdateGroupSettings(UpdateGroupSettingsRequest request, ServerCallContext context)
    {
        bool? muteAll = request.HasMuteAll ? request.MuteAll : null;
        bool? history = request.HasHistoryForNewMembers ? request.HistoryForNewMembers : null;
        return ProtoMapper.ToProto(await Conversation(request.ConversationId).SetGroupSettings(CallerIdentity.UserId(context), muteAll, history));
    }

    public override async Task<RequestJoinResponse> RequestJoin(RequestJoinRequest request, ServerCallContext context)
    {
        await Conversation(request.ConversationId).RequestJoin(CallerIdentity.UserId(context), request.Note);
        return new RequestJoinResponse();
    }

    public override async Task<ListJoinRequestsResponse> ListJoinRequests(ListJoinRequestsRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await Conversation(request.ConversationId).ListJoinRequests(CallerIdentity.UserId(context)));

    public override async Task<Protocol.V1.Conversation> DecideJoinRequest(DecideJoinRequestRequest request, ServerCallContext context) =>
        ProtoMapper.ToProto(await Conversation(request.ConversationId).DecideJoinRequest(CallerIdentity.UserId(context), request.UserId, request.Approve));

    private IConversationGrain Conversation(string id) => references.Conversation(ConversationId.Require(id));

    private IUserGrain User(ServerCallContext context) => references.User(CallerIdentity.UserId(context));
}

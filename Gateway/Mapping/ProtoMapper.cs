using Google.Protobuf;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using P = OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Mapping;

/// <summary>Translates between the public protobuf contract and the grain records.</summary>
internal static class ProtoMapper
{
    /// <summary>A body a client may send: text or custom. The grains check sizes and content.</summary>
    public static MessageBody ToClientBody(P.MessageBody? body, string field = "body") => body?.KindCase switch
    {
        P.MessageBody.KindOneofCase.Text => new TextBody(body.Text.Text),
        P.MessageBody.KindOneofCase.Custom => new CustomBody(body.Custom.Type, body.Custom.Data.ToByteArray()),
        null or P.MessageBody.KindOneofCase.None => throw ImException.InvalidArgument($"{field} is required (text or custom)."),
        _ => throw ImException.InvalidArgument($"{field} must be text or custom; system, edit and recall bodies are written by the server."),
    };

    public static P.MessageBody? ToProto(MessageBody? body) => body switch
    {
        null => null,
        TextBody t => new P.MessageBody { Text = new P.TextBody { Text = t.Text } },
        CustomBody c => new P.MessageBody { Custom = new P.CustomBody { Type = c.Type, Data = ByteString.CopyFrom(c.Data) } },
        SystemNoticeBody s => new P.MessageBody { System = ToProto(s) },
        EditBody e => new P.MessageBody { Edit = new P.EditNotice { TargetSeq = e.TargetSeq, NewBody = ToProto(e.NewBody) } },
        RecallBody r => new P.MessageBody { Recall = new P.RecallNotice { TargetSeq = r.TargetSeq } },
        _ => null,
    };

    private static P.SystemNotice ToProto(SystemNoticeBody s)
    {
        var notice = new P.SystemNotice
        {
            Kind = (P.SystemNoticeKind)(int)s.Kind,
            ActorId = s.ActorId,
            Name = s.Name,
            Role = ToProto(s.Role),
            Text = s.Text ?? "",
        };
        notice.TargetIds.AddRange(s.TargetIds);
        return notice;
    }

    public static P.Message ToProto(MessageRecord m) => new()
    {
        ConversationId = m.ConversationId,
        Seq = m.Seq,
        SenderId = m.SenderId,
        ClientMessageId = m.ClientMessageId,
        SentAtMs = m.SentAtMs,
        Body = ToProto(m.Body),
        EditedAtMs = m.EditedAtMs,
        Recalled = m.Recalled,
    };

    public static P.SyncEvent ToProto(SyncEventRecord e)
    {
        var proto = new P.SyncEvent { SyncSeq = e.SyncSeq };
        switch (e.Kind)
        {
            case SyncEventKind.Message when e.Message is not null:
                proto.Message = ToProto(e.Message);
                break;
            case SyncEventKind.Read:
                proto.Read = new P.ReadMarker { ConversationId = e.ConversationId, ReadSeq = e.Seq, Unread = e.Unread };
                break;
            case SyncEventKind.Receipt:
                proto.Receipt = new P.ReadReceipt { ConversationId = e.ConversationId, ReaderId = e.ActorId, ReadSeq = e.Seq };
                break;
            case SyncEventKind.Mention:
                proto.Mention = new P.MentionMarker { ConversationId = e.ConversationId, Seq = e.Seq, SenderId = e.ActorId };
                break;
        }
        return proto;
    }

    public static P.SyncResponse ToProto(SyncPage page)
    {
        var response = new P.SyncResponse { HasMore = page.HasMore, LatestSyncSeq = page.LatestSyncSeq };
        response.Events.AddRange(page.Events.Select(ToProto));
        return response;
    }

    public static P.SendAck ToProto(SendOutcome o) => new()
    {
        ConversationId = o.ConversationId,
        Seq = o.Seq,
        SentAtMs = o.SentAtMs,
        ClientMessageId = o.ClientMessageId,
        Duplicate = o.Duplicate,
    };

    public static P.Conversation ToProto(ConversationInfo info)
    {
        var proto = new P.Conversation
        {
            Id = info.Id,
            Kind = ToProto(info.Kind),
            Name = info.Name,
            LastSeq = info.LastSeq,
            CreatedAtMs = info.CreatedAtMs,
            MemberCount = info.MemberCount,
            Large = info.Large,
            MuteAll = info.MuteAll,
            HistoryForNewMembers = info.HistoryForNewMembers,
        };
        proto.Members.AddRange(info.Members.Select(ToProto));
        return proto;
    }

    public static P.Member ToProto(MemberInfo m) => new() { UserId = m.UserId, Role = ToProto(m.Role), JoinedAtMs = m.JoinedAtMs, Muted = m.Muted };

    public static P.ListMembersResponse ToProto(MemberPage page)
    {
        var response = new P.ListMembersResponse { HasMore = page.HasMore, MemberCount = page.MemberCount };
        response.Members.AddRange(page.Members.Select(ToProto));
        return response;
    }

    public static P.ListJoinRequestsResponse ToProto(JoinRequestInfo[] requests)
    {
        var response = new P.ListJoinRequestsResponse();
        response.Requests.AddRange(requests.Select(r => new P.JoinRequest { UserId = r.UserId, Note = r.Note, RequestedAtMs = r.RequestedAtMs }));
        return response;
    }

    public static P.ConversationAdvanced ToProto(ConversationAdvanced hint) =>
        new() { ConversationId = hint.ConversationId, LastSeq = hint.LastSeq, PreviousSeq = hint.PreviousSeq };

    public static P.ListConversationsResponse ToProto(ConversationList list)
    {
        var response = new P.ListConversationsResponse { TotalUnread = list.TotalUnread, LatestSyncSeq = list.LatestSyncSeq };
        response.Conversations.AddRange(list.Conversations.Select(c => new P.ConversationSummary
        {
            Id = c.ConversationId,
            Kind = ToProto(c.Kind),
            Title = c.Title,
            LastSeq = c.LastSeq,
            ReadSeq = c.ReadSeq,
            Unread = c.Unread,
            LastMessage = c.LastMessage is null ? null : ToProto(c.LastMessage),
            Mentioned = c.Mentioned,
        }));
        return response;
    }

    public static P.HistoryResponse ToProto(HistoryPage page)
    {
        var response = new P.HistoryResponse { HasMore = page.HasMore, LastSeq = page.LastSeq };
        response.Messages.AddRange(page.Messages.Select(ToProto));
        return response;
    }

    public static P.MarkReadResponse ToProto(MarkReadOutcome o) => new()
    {
        ConversationId = o.ConversationId,
        ReadSeq = o.ReadSeq,
        Unread = o.Unread,
        TotalUnread = o.TotalUnread,
    };

    public static P.PresenceEvent ToProto(PresenceSignal p) => new() { UserId = p.UserId, Online = p.Online, AtMs = p.AtMs };

    public static P.TypingEvent ToProto(TypingSignal t) => new() { ConversationId = t.ConversationId, UserId = t.UserId, Typing = t.Typing };

    public static HistoryDirection ToDirection(P.Direction direction) => direction switch
    {
        P.Direction.Backward or P.Direction.Unspecified => HistoryDirection.Backward,
        P.Direction.Forward => HistoryDirection.Forward,
        _ => throw ImException.InvalidArgument($"direction {(int)direction} is not a known value; use BACKWARD or FORWARD."),
    };

    public static MemberRole ToRole(P.MemberRole role) => role switch
    {
        P.MemberRole.Member => MemberRole.Member,
        P.MemberRole.Admin => MemberRole.Admin,
        P.MemberRole.Owner => MemberRole.Owner,
        _ => throw ImException.InvalidArgument($"role {(int)role} is not valid; use MEMBER or ADMIN."),
    };

    private static P.MemberRole ToProto(MemberRole role) => role switch
    {
        MemberRole.Owner => P.MemberRole.Owner,
        MemberRole.Admin => P.MemberRole.Admin,
        _ => P.MemberRole.Member,
    };

    private static P.ConversationKind ToProto(ConversationKind kind) =>
        kind == ConversationKind.Direct ? P.ConversationKind.Direct : P.ConversationKind.Group;
}

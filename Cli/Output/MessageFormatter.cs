using System.Globalization;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Cli.Output;

/// <summary>Plain-text renderings of messages and bodies, shared by the chat screen and the one-shot commands.</summary>
internal static class MessageFormatter
{
    /// <summary>"#12 14:03 bob: hello (edited)".</summary>
    public static string Line(Message message)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(message.SentAtMs).ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture);
        var edited = message.EditedAtMs > 0 ? " (edited)" : "";
        return message.Body?.KindCase == MessageBody.KindOneofCase.System
            ? $"#{message.Seq} {time} * {Body(message)}"
            : $"#{message.Seq} {time} {message.SenderId}: {Body(message)}{edited}";
    }

    public static string Body(Message message) =>
        message.Recalled || message.Body is null || message.Body.KindCase == MessageBody.KindOneofCase.None
            ? message.Recalled ? "(message recalled)" : "[unsupported message]"
            : Body(message.Body);

    public static string Body(MessageBody body) => body.KindCase switch
    {
        MessageBody.KindOneofCase.Text => body.Text.Text,
        MessageBody.KindOneofCase.Custom => $"[{body.Custom.Type}, {body.Custom.Data.Length} bytes]",
        MessageBody.KindOneofCase.System => SystemNotice(body.System),
        MessageBody.KindOneofCase.Edit => $"(edited #{body.Edit.TargetSeq}) {(body.Edit.NewBody is null ? "" : Body(body.Edit.NewBody))}",
        MessageBody.KindOneofCase.Recall => $"(recalled #{body.Recall.TargetSeq})",
        _ => "[unsupported message]",
    };

    public static string Role(MemberRole role) => role switch
    {
        MemberRole.Owner => "owner",
        MemberRole.Admin => "admin",
        MemberRole.Member => "member",
        _ => "?",
    };

    /// <summary>Members a notice names in full; a page of a large group's members is a thousand names, which no line should carry.</summary>
    public const int NamedTargets = 10;

    private static string SystemNotice(SystemNotice notice)
    {
        var targets = notice.TargetIds.Count <= NamedTargets
            ? string.Join(", ", notice.TargetIds)
            : $"{string.Join(", ", notice.TargetIds.Take(NamedTargets))} and {notice.TargetIds.Count - NamedTargets:N0} more";
        return notice.Kind switch
        {
            SystemNoticeKind.Created => $"{notice.ActorId} created the group \"{notice.Name}\"",
            SystemNoticeKind.MembersAdded => $"{notice.ActorId} added {targets}",
            SystemNoticeKind.MemberRemoved => $"{notice.ActorId} removed {targets}",
            SystemNoticeKind.MemberLeft => $"{notice.ActorId} left",
            SystemNoticeKind.Renamed => $"{notice.ActorId} renamed the group to \"{notice.Name}\"",
            SystemNoticeKind.RoleChanged => $"{notice.ActorId} made {targets} {Role(notice.Role)}",
            _ => $"{notice.ActorId}: {notice.Kind}",
        };
    }
}

using OrleansIm.Grains.Interfaces.Bans;
using P = OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Mapping;

/// <summary>Grain records of the operators' API to their admin.proto messages.</summary>
internal static class AdminProtoMapper
{
    public static P.BanEntry ToProto(BanRecord ban) => new()
    {
        UserId = ban.UserId,
        UntilMs = ban.UntilMs,
        Reason = ban.Reason,
        BannedBy = ban.ByUserId,
        BannedAtMs = ban.AtMs,
    };
}

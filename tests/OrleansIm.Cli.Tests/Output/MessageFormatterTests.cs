using OrleansIm.Cli.Output;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Cli.Tests.Output;

/// <summary>How the terminal client prints group notices: short lists in full, a large group's pages of members summarised.</summary>
public sealed class MessageFormatterTests
{
    [Fact]
    public void A_notice_naming_a_few_members_names_them_all()
    {
        var body = Notice(SystemNoticeKind.MembersAdded, "bob", "carol");

        Assert.Equal("alice added bob, carol", MessageFormatter.Body(body));
    }

    [Fact]
    public void A_notice_naming_a_page_of_a_large_group_names_the_first_and_counts_the_rest()
    {
        var members = Enumerable.Range(1, 1_000).Select(i => $"member-{i}").ToArray();

        var line = MessageFormatter.Body(Notice(SystemNoticeKind.MembersAdded, members));

        Assert.StartsWith("alice added member-1, member-2,", line);
        Assert.EndsWith($"member-{MessageFormatter.NamedTargets} and 990 more", line);
        Assert.DoesNotContain($"member-{MessageFormatter.NamedTargets + 1},", line);
    }

    [Fact]
    public void Exactly_the_named_limit_is_still_listed_in_full()
    {
        var members = Enumerable.Range(1, MessageFormatter.NamedTargets).Select(i => $"m{i}").ToArray();

        var line = MessageFormatter.Body(Notice(SystemNoticeKind.MemberRemoved, members));

        Assert.Equal($"alice removed {string.Join(", ", members)}", line);
    }

    private static MessageBody Notice(SystemNoticeKind kind, params string[] targets)
    {
        var notice = new SystemNotice { Kind = kind, ActorId = "alice" };
        notice.TargetIds.AddRange(targets);
        return new MessageBody { System = notice };
    }
}

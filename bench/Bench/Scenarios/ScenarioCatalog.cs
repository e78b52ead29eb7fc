using OrleansIm.Bench.Core;
using OrleansIm.Bench.Scenarios.Idle;
using OrleansIm.Bench.Scenarios.LargeGroups;
using OrleansIm.Bench.Scenarios.Messaging;

namespace OrleansIm.Bench.Scenarios;

/// <summary>Every scenario the harness knows, in the order a full run executes them.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new DirectChatScenario(),
        new ScaleScenario(),
        new SmallGroupsScenario(),
        new ReconnectStormScenario(),
        new IdleCostScenario(),
        new Rooms.RoomScenario(),
        new LargeGroupScenario(),
    ];

    public static IReadOnlyList<IScenario> Select(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return All;
        }
        var unknown = names.Where(n => All.All(s => s.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; known: {string.Join(", ", All.Select(s => s.Name))}.");
        }
        return All.Where(s => names.Contains(s.Name)).ToList();
    }
}

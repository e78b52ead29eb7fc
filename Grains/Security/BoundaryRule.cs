using System.Reflection;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Grains.Security;

/// <summary>What the grain boundary checks on one marked interface method, resolved once from its attributes.</summary>
internal sealed class BoundaryRule
{
    private readonly int _parameter;
    private readonly MethodInfo? _property;

    private BoundaryRule(MethodInfo method, bool privileged, bool refusedWhenBanned, bool grainKey = false, int parameter = -1, MethodInfo? property = null)
    {
        Method = $"{method.DeclaringType?.Name}.{method.Name}";
        RequiresPrivilege = privileged;
        RefusedWhenBanned = refusedWhenBanned;
        ActsForGrainKey = grainKey;
        _parameter = parameter;
        _property = property;
    }

    public string Method { get; }

    public bool RequiresPrivilege { get; }

    public bool RefusedWhenBanned { get; }

    /// <summary>Whether the acting user is the grain's key rather than an argument.</summary>
    public bool ActsForGrainKey { get; }

    public bool HasActingUser => ActsForGrainKey || _parameter >= 0;

    /// <summary>The rule of <paramref name="method"/>, or null when it is not marked. A marker that names nothing real fails here, at silo start.</summary>
    public static BoundaryRule? For(MethodInfo method)
    {
        var actsFor = method.GetCustomAttribute<ActsForAttribute>();
        var privileged = method.GetCustomAttribute<RequiresPrivilegeAttribute>() is not null;
        if (actsFor is null)
        {
            return privileged ? new BoundaryRule(method, true, false) : null;
        }
        if (actsFor.Argument == ActsForAttribute.GrainKey)
        {
            return new BoundaryRule(method, privileged, actsFor.RefusedWhenBanned, grainKey: true);
        }
        var path = actsFor.Argument.Split('.');
        var parameters = method.GetParameters();
        var index = Array.FindIndex(parameters, p => p.Name == path[0]);
        MethodInfo? getter = null;
        if (index >= 0 && path.Length == 2)
        {
            getter = parameters[index].ParameterType.GetProperty(path[1])?.GetMethod;
        }
        if (index < 0 || path.Length > 2 || (path.Length == 2 && getter is null) || (getter?.ReturnType ?? parameters[index].ParameterType) != typeof(string))
        {
            throw new InvalidOperationException($"[ActsFor(\"{actsFor.Argument}\")] on {method.DeclaringType?.Name}.{method.Name} names no string parameter or property.");
        }
        return new BoundaryRule(method, privileged, actsFor.RefusedWhenBanned, parameter: index, property: getter);
    }

    /// <summary>The user the call acts for, read from its arguments (or key).</summary>
    public string? ActingUser(IIncomingGrainCallContext context)
    {
        if (ActsForGrainKey)
        {
            return context.TargetId.Key.ToString();
        }
        var argument = context.Request.GetArgument(_parameter);
        return _property is null ? argument as string : (argument is null ? null : _property.Invoke(argument, null) as string);
    }

    public ImException Refusal(string detail) => ImException.PermissionDenied($"{Method}: {detail}");
}

namespace OrleansIm.Grains.Interfaces.Security;

/// <summary>Marks a grain method only an admin or a service credential may call (<see cref="CallerContext.IsPrivileged"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequiresPrivilegeAttribute : Attribute;

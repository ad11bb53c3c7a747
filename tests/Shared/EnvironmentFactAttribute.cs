using System.Reflection;

namespace FreeTickets.Tests.Shared;

/// <summary>
/// A fact that needs something of the environment (a dataset on disk, network access): where it is missing, the test is
/// reported as skipped with the reason instead of passing without checking anything. <paramref name="requirement"/>
/// names a static string property of <paramref name="type"/> that is null when the environment has what the test needs,
/// and otherwise says what is missing. It is read when the tests are discovered.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class EnvironmentFactAttribute : FactAttribute
{
    public EnvironmentFactAttribute(Type type, string requirement)
    {
        var property = type.GetProperty(requirement, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new ArgumentException($"{type.Name} has no static property {requirement}", nameof(requirement));
        if (property.GetValue(null) is string missing)
        {
            Skip = missing;
        }
    }
}

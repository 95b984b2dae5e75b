namespace Backprop.Grading.Answers;

/// <summary>Writes a runtime type as C# source: <c>IReadOnlyList&lt;Vector&lt;double&gt;&gt;</c>, optionally fully qualified.</summary>
public static class CSharpTypeName
{
    /// <summary>The C# spelling of <paramref name="type"/>.</summary>
    /// <param name="type">A type such as Vector&lt;double&gt; or Vector&lt;double&gt;[].</param>
    /// <param name="qualified">True for <c>global::</c>-qualified names, safe in generated code.</param>
    public static string Of(Type type, bool qualified)
    {
        if (type == typeof(double))
        {
            return "double";
        }

        if (type == typeof(int))
        {
            return "int";
        }

        if (type.IsArray)
        {
            return Of(type.GetElementType()!, qualified) + "[]";
        }

        string name = type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        if (qualified)
        {
            name = "global::" + type.Namespace + "." + name;
        }

        return type.IsGenericType
            ? $"{name}<{string.Join(", ", type.GetGenericArguments().Select(a => Of(a, qualified)))}>"
            : name;
    }
}

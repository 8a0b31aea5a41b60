using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace N3Host.PluginKit.Settings;

/// <summary>
/// Binds an instance's settings onto an options type by its <see cref="SettingAttribute"/> properties, and reports every
/// bad setting at once: a value of the wrong kind or out of range, a required one missing, a key the type does not know
/// (a typo must not be silently ignored), and whatever the type's <see cref="ISettingsRules"/> find.
/// </summary>
public static class SettingsBinder
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, SettingAttribute Setting)[]> Cache = new();

    /// <summary>Binds <paramref name="settings"/> onto <paramref name="target"/> (settings left out keep the type's defaults); returns every problem.</summary>
    public static IReadOnlyList<SettingProblem> Bind(IConfiguration settings, object target)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(target);
        var problems = new List<SettingProblem>();
        BindSection(settings, target, string.Empty, problems);
        return problems;
    }

    /// <summary>The setting keys of an options type (or of one of its sections), in declaration order.</summary>
    public static IReadOnlyList<string> Names(Type type) => [.. Properties(type).Select(p => p.Setting.Name)];

    private static void BindSection(IConfiguration section, object target, string prefix, List<SettingProblem> problems)
    {
        var properties = Properties(target.GetType());
        foreach (var child in section.GetChildren())
        {
            if (!properties.Any(p => string.Equals(p.Setting.Name, child.Key, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(new SettingProblem(prefix + child.Key, child.Value, $"is not a setting here; known: {string.Join(", ", Names(target.GetType()))}"));
            }
        }

        foreach (var (property, setting) in properties)
        {
            var child = section.GetSection(setting.Name);
            var path = prefix + setting.Name;
            if (child.Value is { Length: > 0 } || child.GetChildren().Any())
            {
                BindProperty(child, target, property, setting, path, problems);
            }
            else if (setting.Required)
            {
                problems.Add(SettingProblem.Invalid(path, null, Allowed(property.PropertyType, setting)));
            }
        }

        if (target is ISettingsRules rules)
        {
            rules.Check(new SettingsCheck(section, prefix, problems));
        }
    }

    private static void BindProperty(IConfigurationSection child, object target, PropertyInfo property, SettingAttribute setting, string path, List<SettingProblem> problems)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (IsSection(type))
        {
            if (child.Value is not null)
            {
                problems.Add(SettingProblem.Invalid(path, child.Value, Allowed(type, setting)));
                return;
            }

            var section = property.GetValue(target) ?? Activator.CreateInstance(type)!;
            BindSection(child, section, path + ".", problems);
            property.SetValue(target, section);
        }
        else if (ListElement(type) is { } element)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            BindList(child, element, list, path, problems);
            property.SetValue(target, list);
        }
        else if (child.Value is null)
        {
            problems.Add(SettingProblem.Invalid(path, "{...}", Allowed(type, setting)));
        }
        else if (TryParse(child.Value.Trim(), type, setting, out var value))
        {
            property.SetValue(target, type == typeof(string) ? child.Value : value);
        }
        else
        {
            problems.Add(SettingProblem.Invalid(path, child.Value, Allowed(type, setting)));
        }
    }

    private static void BindList(IConfigurationSection child, Type element, IList list, string path, List<SettingProblem> problems)
    {
        if (element == typeof(string) && child.Value is { Length: > 0 } single)
        {
            list.Add(single);
            return;
        }

        if (child.Value is not null)
        {
            problems.Add(SettingProblem.Invalid(path, child.Value, element == typeof(string) ? "a list of texts" : $"a list of objects with the settings {string.Join(", ", Names(element))}"));
            return;
        }

        foreach (var item in child.GetChildren().OrderBy(c => int.TryParse(c.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
        {
            var itemPath = $"{path}[{item.Key}]";
            if (element == typeof(string))
            {
                if (item.Value is null)
                {
                    problems.Add(SettingProblem.Invalid(itemPath, "{...}", "a text"));
                }
                else if (!string.IsNullOrWhiteSpace(item.Value))
                {
                    list.Add(item.Value);
                }
            }
            else if (item.Value is not null)
            {
                problems.Add(SettingProblem.Invalid(itemPath, item.Value, Allowed(element, new SettingAttribute(item.Key))));
            }
            else
            {
                var entry = Activator.CreateInstance(element)!;
                BindSection(item, entry, itemPath + ".", problems);
                list.Add(entry);
            }
        }
    }

    private static bool TryParse(string raw, Type type, SettingAttribute setting, out object? value)
    {
        value = null;
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string))
        {
            value = raw;
        }
        else if (type == typeof(bool) && bool.TryParse(raw, out var flag))
        {
            value = flag;
        }
        else if (type == typeof(int) && int.TryParse(raw, NumberStyles.Integer, invariant, out var whole) && InRange(whole, setting, int.MinValue, int.MaxValue))
        {
            value = whole;
        }
        else if (type == typeof(long) && long.TryParse(raw, NumberStyles.Integer, invariant, out var big) && InRange(big, setting, long.MinValue, long.MaxValue))
        {
            value = big;
        }
        else if (type == typeof(double) && double.TryParse(raw, NumberStyles.Float, invariant, out var number) && double.IsFinite(number) && InRange(number, setting, double.MinValue, double.MaxValue))
        {
            value = number;
        }
        else if (type == typeof(TimeSpan) && int.TryParse(raw, NumberStyles.Integer, invariant, out var ms) && InRange(ms, setting, 0, int.MaxValue))
        {
            value = TimeSpan.FromMilliseconds(ms);
        }
        else if (type.IsEnum && Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, raw, StringComparison.OrdinalIgnoreCase)) is { } name)
        {
            value = Enum.Parse(type, name);
        }
        else if (type == typeof(Uri) && Uri.TryCreate(raw, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            value = uri;
        }
        else if (type == typeof(IPAddress))
        {
            value = string.Equals(raw, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.TryParse(raw, out var address) ? address : null;
        }

        return value is not null;
    }

    private static bool InRange(double value, SettingAttribute setting, double typeMin, double typeMax) =>
        value >= (double.IsNaN(setting.Min) ? typeMin : setting.Min) && value <= (double.IsNaN(setting.Max) ? typeMax : setting.Max);

    /// <summary>What a setting's value must be, in the words every module uses.</summary>
    internal static string Allowed(Type propertyType, SettingAttribute setting)
    {
        if (setting.Rule is not null)
        {
            return setting.Rule;
        }

        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        return type switch
        {
            _ when type == typeof(int) => "a whole number" + Range(setting, int.MinValue, int.MaxValue),
            _ when type == typeof(long) => "a whole number" + Range(setting, long.MinValue, long.MaxValue),
            _ when type == typeof(TimeSpan) => "a whole number" + Range(setting, 0, int.MaxValue),
            _ when type == typeof(double) => "a number" + Range(setting, double.MinValue, double.MaxValue),
            _ when type == typeof(bool) => "true or false",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())),
            _ when type == typeof(Uri) => "an absolute address such as mqtt://127.0.0.1:1883",
            _ when type == typeof(IPAddress) => "an IP address: 127.0.0.1 or localhost for this machine only, 0.0.0.0 for all, or one of this machine's addresses (n3host interfaces lists them)",
            _ when IsSection(type) => $"an object with the settings {string.Join(", ", Names(type))}",
            _ when ListElement(type) is { } element && element != typeof(string) => $"a list of objects with the settings {string.Join(", ", Names(element))}",
            _ when ListElement(type) is not null => "a list of texts",
            _ => "a text",
        };
    }

    private static string Range(SettingAttribute setting, double typeMin, double typeMax) =>
        double.IsNaN(setting.Min) && double.IsNaN(setting.Max)
            ? string.Empty
            : $" in {Number(double.IsNaN(setting.Min) ? typeMin : setting.Min)}..{Number(double.IsNaN(setting.Max) ? typeMax : setting.Max)}";

    private static string Number(double value) => value.ToString("0.################", CultureInfo.InvariantCulture);

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && type != typeof(IPAddress) && Properties(type).Length > 0;

    private static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var element]
            && typeof(IEnumerable).IsAssignableFrom(type) && type.IsAssignableFrom(typeof(List<>).MakeGenericType(element))
            ? element
            : null;

    private static (PropertyInfo Property, SettingAttribute Setting)[] Properties(Type type) =>
        Cache.GetOrAdd(type, t => [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Setting: p.GetCustomAttribute<SettingAttribute>()!))
            .Where(p => p.Setting is not null)]);
}

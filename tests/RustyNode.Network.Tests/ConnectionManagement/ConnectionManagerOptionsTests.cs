using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;

namespace RustyNode.Network.Tests.ConnectionManagement;

public class ConnectionManagerOptionsTests
{
    [Fact]
    [Trait("Clause", "CM-1.1")]
    public void Defaults_are_those_of_the_spec()
    {
        var options = new ConnectionManagerOptions();

        Assert.Equal(10, options.MinConnections);
        Assert.Equal(50, options.MaxConnections);
        Assert.Equal(8, options.TargetOutbound);
        options.Validate();
    }

    [Fact]
    [Trait("Clause", "CM-1.2")]
    public void Environment_variables_override_the_limits()
    {
        var options = new ConnectionManagerOptions();
        var environment = new Dictionary<string, string> { ["P2P_MIN_CONNECTIONS"] = "3", ["P2P_MAX_CONNECTIONS"] = "7" };

        options.ApplyEnvironment(environment.GetValueOrDefault);

        Assert.Equal(3, options.MinConnections);
        Assert.Equal(7, options.MaxConnections);
    }

    [Theory]
    [Trait("Clause", "CM-1.2")]
    [InlineData("-1")]
    [InlineData("ten")]
    public void A_malformed_environment_variable_is_an_error_that_names_it(string value)
    {
        var error = Assert.Throws<ArgumentException>(
            () => new ConnectionManagerOptions().ApplyEnvironment(name => name == "P2P_MAX_CONNECTIONS" ? value : null));

        Assert.Contains("P2P_MAX_CONNECTIONS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "CM-1.1")]
    public void A_minimum_above_the_maximum_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ConnectionManagerOptions { MinConnections = 60 }.Validate());
    }

    [Fact]
    [Trait("Clause", "CM-5.2")]
    public void Redial_delay_doubles_up_to_the_maximum()
    {
        var delay = TimeSpan.FromSeconds(1);
        var seen = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            seen.Add(delay.TotalSeconds);
            delay = ConnectionManager.NextDelay(delay, TimeSpan.FromSeconds(60));
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], seen);
    }

    [Theory]
    [Trait("Clause", "CM-2.2")]
    [InlineData("/ip4/192.168.7.9/tcp/1", "/ip4/192.168.7.200/tcp/2", true)]
    [InlineData("/ip4/192.168.7.9/tcp/1", "/ip4/192.168.8.9/tcp/2", false)]
    [InlineData("/ip6/2001:db8:aa:1::1/tcp/1", "/ip6/2001:db8:aa:ffff::2/tcp/2", true)]
    [InlineData("/ip6/2001:db8:aa:1::1/tcp/1", "/ip6/2001:db8:ab:1::1/tcp/2", false)]
    [InlineData("/ip6/::ffff:10.1.2.3/tcp/1", "/ip4/10.1.2.99/tcp/2", true)]
    public void Subnets_are_slash_24_for_ipv4_and_slash_48_for_ipv6(string a, string b, bool same)
    {
        var left = SubnetKey.From(Multiaddr.Parse(a))!.Value;
        var right = SubnetKey.From(Multiaddr.Parse(b))!.Value;

        Assert.Equal(same, left.Subnet == right.Subnet);
        Assert.False(left.Address.Equals(right.Address));
    }
}

namespace N3Host.Testing;

"""Pure rules of the domain: identifiers, roles, decimal presentation. No I/O."""

package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * Run as the cluster's admin: creates the users alice and bob (SCRAM logins), the topic sample, and
 * what each may do with ACLs: alice may write sample and read it in the group sample-readers, bob
 * may only read it. Then lists every ACL of the cluster.
 */
public final class SecureTheTopic {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // admin.properties: TLS and admin's login
        try (Admin admin = Admin.create(adminProps)) {
            ScramCredentialInfo scram = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192);
            admin.alterUserScramCredentials(List.of(
                            new UserScramCredentialUpsertion("alice", scram, "alice-secret"),
                            new UserScramCredentialUpsertion("bob", scram, "bob-secret")))
                    .all()
                    .get();
            Cluster.createTopic(adminProps, new NewTopic("sample", 1, (short) 1));

            ResourcePattern sample =
                    new ResourcePattern(ResourceType.TOPIC, "sample", PatternType.LITERAL);
            ResourcePattern readers =
                    new ResourcePattern(ResourceType.GROUP, "sample-readers", PatternType.LITERAL);
            List<AclBinding> permissions = List.of(
                    new AclBinding(sample, allow("User:alice", AclOperation.WRITE)),
                    new AclBinding(sample, allow("User:alice", AclOperation.READ)),
                    new AclBinding(readers, allow("User:alice", AclOperation.READ)),
                    new AclBinding(sample, allow("User:bob", AclOperation.READ)));
            admin.createAcls(permissions).all().get();

            // The controller has stored the ACLs; the broker that answers learns of them from the
            // metadata log a moment later. List them once it has them all, for at most 10 s.
            long deadline = System.currentTimeMillis() + 10_000;
            Collection<AclBinding> acls =
                    admin.describeAcls(AclBindingFilter.ANY).values().get();
            while (!acls.containsAll(permissions)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "the broker did not list the new ACLs within 10 s");
                }
                acls = admin.describeAcls(AclBindingFilter.ANY).values().get();
            }
            acls.stream()
                    .sorted(Comparator.comparing(AclBinding::toString))
                    .forEach(acl -> System.out.printf(
                            "%-10s %-5s %s %s %s%n",
                            acl.entry().principal(),
                            acl.entry().permissionType(),
                            acl.entry().operation(),
                            acl.pattern().resourceType(),
                            acl.pattern().name()));
        }
    }

    /** An ACL entry that allows the principal this operation, from any host ("*"). */
    private static AccessControlEntry allow(String principal, AclOperation operation) {
        return new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW);
    }
}

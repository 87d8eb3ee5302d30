{{- define "tokenledger.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* A service's resource name: <fullname>-<service> */}}
{{- define "tokenledger.serviceName" -}}
{{- printf "%s-%s" (include "tokenledger.fullname" .root) .service -}}
{{- end -}}

{{- define "tokenledger.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "tokenledger.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* Where another service of the release answers inside the cluster. */}}
{{- define "tokenledger.url" -}}
{{- $s := index .root.Values.services .service -}}
{{- printf "http://%s:%v" (include "tokenledger.serviceName" .) $s.port -}}
{{- end -}}

{{/* <registry>/<service>-service:<tag>, or the service's own imageName (the console's module is admin-ui) */}}
{{- define "tokenledger.image" -}}
{{- $s := index .root.Values.services .service -}}
{{- printf "%s/%s:%s" .root.Values.image.registry (default (printf "%s-service" .service) $s.imageName) (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{- define "tokenledger.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ include "tokenledger.fullname" . }}{{- else -}}default{{- end -}}
{{- end -}}

{{/* Where the services find PostgreSQL, Kafka and the OIDC provider: the external ones, or those the chart makes with inCluster. */}}
{{- define "tokenledger.postgres" -}}
{{- if .Values.inCluster.enabled -}}
{{- $full := include "tokenledger.fullname" . -}}
{{- toJson (dict "host" (printf "%s-db-rw" $full) "port" 5432 "database" "tokenledger" "sslMode" "disable" "existingSecret" (printf "%s-db-app" $full)) -}}
{{- else -}}
{{- toJson .Values.external.postgres -}}
{{- end -}}
{{- end -}}

{{- define "tokenledger.kafkaBootstrap" -}}
{{- if .Values.inCluster.enabled -}}
{{- printf "%s-kafka-kafka-bootstrap:9092" (include "tokenledger.fullname" .) -}}
{{- else -}}
{{- .Values.external.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{- define "tokenledger.oidcUrl" -}}
{{- if .Values.inCluster.enabled -}}
{{- printf "http://%s-keycloak-service:8080/realms/tokenledger" (include "tokenledger.fullname" .) -}}
{{- else -}}
{{- .Values.external.oidc.authServerUrl -}}
{{- end -}}
{{- end -}}
